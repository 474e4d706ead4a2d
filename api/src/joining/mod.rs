//! Joining the platform (入驻). A business user applies with the credit
//! code, licensed name, region, industry, a licence image, complaint-handling
//! contacts and a written commitment; the association serving the region
//! approves, rejects with a reason, or asks for more. Approval makes the
//! business a member from that moment and the applicant its owner.

pub mod apply;
pub mod approval;
pub mod check;
pub mod commitment;
pub mod licence;
pub mod lifecycle;
pub mod notices;
pub mod review;
pub mod store;
