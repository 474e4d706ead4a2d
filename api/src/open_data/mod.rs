//! Open data (开放数据): every published complaint as a CSV or JSON Lines
//! file, streamed from the public copies, and a small index with the
//! terms of use and the schema.

pub mod download;
pub mod routes;
pub mod schema;
