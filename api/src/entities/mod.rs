//! The database tables as sea-orm entities. The schema itself comes from the
//! `migrations` crate; these mirror it column for column.

pub mod api_keys;
pub mod associations;
pub mod business_aliases;
pub mod business_invitations;
pub mod business_outlets;
pub mod businesses;
pub mod case_publicity;
pub mod case_publicity_cases;
pub mod categories;
pub mod complaint_counters;
pub mod complaints;
pub mod deadlines;
pub mod evidence;
pub mod idempotency_keys;
pub mod joining_application_events;
pub mod joining_applications;
pub mod login_failures;
pub mod membership_events;
pub mod mini_program_identities;
pub mod mini_program_tickets;
pub mod natures;
pub mod notifications;
pub mod publication_edits;
pub mod published_complaints;
pub mod refresh_tokens;
pub mod regions;
pub mod reply_templates;
pub mod sessions;
pub mod staff_roles;
pub mod timeline_entries;
pub mod users;
pub mod webhook_deliveries;
pub mod webhook_endpoints;
pub mod webhook_sequences;
