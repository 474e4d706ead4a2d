//! A business's team: its users' roles (owner, manager, handler), the
//! invitations that bring colleagues in, and removing them. Who may do
//! what is in [`crate::policy`]: `ManageTeam`, `ChangeMemberRoles`,
//! `may_invite` and `may_remove`.

pub mod invitations;
pub mod members;
