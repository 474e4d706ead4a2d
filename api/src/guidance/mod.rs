//! Guidance (消费指引): articles association staff write on consumers'
//! rights, published for anyone to read and search, and suggested to a
//! consumer from the words of the problem they are describing.

pub mod articles;
pub mod indexing;
pub mod public;
pub mod suggestions;
