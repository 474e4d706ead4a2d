//! Enquiries (咨询): a consumer's question to the association, its answer,
//! its publication as a question and answer, and its turning into a complaint.

use shared::EnquiryId;
use shared::enquiries::{
    AnswerRequest, AskRequest, ConvertRequest, Enquiry, PublicQuestion, PublicQuestionQuery,
};
use shared::page::{Page, PageQuery};

use super::{ApiError, client, path};

/// `POST /enquiries`: a consumer asks.
pub async fn ask(request: &AskRequest) -> Result<Enquiry, ApiError> {
    client().post(&path("/enquiries"), request).await
}

/// `GET /enquiries`: the caller's own (consumers) or the association's (staff), newest first.
pub async fn list(query: &PageQuery) -> Result<Page<Enquiry>, ApiError> {
    client().get_query(&path("/enquiries"), query).await
}

/// `POST /enquiries/{id}/answer`: staff answer.
pub async fn answer(id: EnquiryId, request: &AnswerRequest) -> Result<Enquiry, ApiError> {
    client()
        .post(&path(&format!("/enquiries/{id}/answer")), request)
        .await
}

/// `POST /enquiries/{id}/publication`: publish the answered enquiry, redacted.
pub async fn publish(id: EnquiryId) -> Result<Enquiry, ApiError> {
    client()
        .post(&path(&format!("/enquiries/{id}/publication")), &())
        .await
}

/// `POST /enquiries/{id}/complaint`: turn the enquiry into a complaint; the
/// answer is the enquiry, which names the new complaint.
pub async fn convert(id: EnquiryId, request: &ConvertRequest) -> Result<Enquiry, ApiError> {
    client()
        .post(&path(&format!("/enquiries/{id}/complaint")), request)
        .await
}

/// `GET /public/questions`: published questions and answers.
pub async fn questions(query: &PublicQuestionQuery) -> Result<Page<PublicQuestion>, ApiError> {
    client().get_query(&path("/public/questions"), query).await
}
