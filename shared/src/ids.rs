//! One identifier type per entity, so a user id can never be passed where an
//! association id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! entity_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered identifier (UUIDv7).
            pub fn generate() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<Uuid> for $name {
            fn from(value: Uuid) -> Self {
                Self(value)
            }
        }
    };
}

entity_id!(
    /// Identifies a user account of any kind.
    UserId
);
entity_id!(
    /// Identifies a consumer association.
    AssociationId
);
entity_id!(
    /// Identifies a business complained about.
    BusinessId
);
entity_id!(
    /// Identifies a complaint (its human number is `ComplaintNumber`).
    ComplaintId
);
entity_id!(
    /// Identifies one uploaded evidence file.
    EvidenceId
);
entity_id!(
    /// Identifies a business's outlet (网点): a branch, shop or service point.
    OutletId
);
entity_id!(
    /// Identifies a reply template of a business.
    ReplyTemplateId
);
entity_id!(
    /// Identifies an application to join the platform.
    ApplicationId
);
entity_id!(
    /// Identifies an invitation to a business's team.
    InvitationId
);
entity_id!(
    /// Identifies a case publicity listing (个案公示) of a business.
    CasePublicityId
);
entity_id!(
    /// Identifies a consumer's enquiry (咨询).
    EnquiryId
);
entity_id!(
    /// Identifies a group complaint (集体投诉).
    GroupComplaintId
);
