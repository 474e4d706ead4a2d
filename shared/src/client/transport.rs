//! One HTTP exchange: send a request, read the whole answer. Natively it goes
//! through reqwest; in the browser through the browser's own `fetch`, so the
//! web app carries no HTTP stack (nor its URL and international-domain tables)
//! in its download.

use super::ClientError;

/// The methods the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    #[cfg(target_arch = "wasm32")]
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

/// What to send: the full URL, headers, and a JSON body if any.
pub(crate) struct Request<'a> {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub json: Option<&'a serde_json::Value>,
}

/// What came back, read to the end.
pub(crate) struct Response {
    pub status: u16,
    /// The `Retry-After` header as sent.
    pub retry_after: Option<String>,
    pub body: Vec<u8>,
}

impl Response {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as the expected type; an empty body reads as JSON `null`.
    pub(crate) fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, ClientError> {
        let body: &[u8] = if self.body.is_empty() {
            b"null"
        } else {
            &self.body
        };
        serde_json::from_slice(body).map_err(|error| ClientError::Decode {
            status: self.status,
            detail: error.to_string(),
        })
    }
}

#[cfg(target_arch = "wasm32")]
pub(crate) use browser::Http;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::Http;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::{ClientError, Method, Request, Response};

    /// A reqwest client: its connection pool is shared by clones.
    #[derive(Clone, Default)]
    pub(crate) struct Http(reqwest::Client);

    impl From<reqwest::Client> for Http {
        fn from(client: reqwest::Client) -> Self {
            Self(client)
        }
    }

    impl Http {
        pub(crate) async fn send(&self, request: Request<'_>) -> Result<Response, ClientError> {
            let mut builder = self.0.request(method(request.method), request.url);
            for (name, value) in request.headers {
                builder = builder.header(name, value);
            }
            if let Some(json) = request.json {
                builder = builder.json(json);
            }

            let response = builder.send().await.map_err(network)?;
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            let body = response.bytes().await.map_err(network)?.to_vec();
            Ok(Response {
                status,
                retry_after,
                body,
            })
        }
    }

    fn method(method: Method) -> reqwest::Method {
        match method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        }
    }

    fn network(error: reqwest::Error) -> ClientError {
        ClientError::Network(error.to_string())
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    use super::{ClientError, Request, Response};

    /// The browser's `fetch`; it has no state of its own.
    #[derive(Clone, Default)]
    pub(crate) struct Http;

    impl Http {
        pub(crate) async fn send(&self, request: Request<'_>) -> Result<Response, ClientError> {
            let window = web_sys::window().ok_or_else(|| {
                ClientError::Network("no browser window to fetch from".to_owned())
            })?;
            let fetch_request = build(request)?;

            let answer = JsFuture::from(window.fetch_with_request(&fetch_request))
                .await
                .map_err(network)?;
            let response: web_sys::Response = answer.dyn_into().map_err(network)?;
            let retry_after = response.headers().get("retry-after").ok().flatten();
            let buffer = JsFuture::from(response.array_buffer().map_err(network)?)
                .await
                .map_err(network)?;
            Ok(Response {
                status: response.status(),
                retry_after,
                body: js_sys::Uint8Array::new(&buffer).to_vec(),
            })
        }
    }

    fn build(request: Request<'_>) -> Result<web_sys::Request, ClientError> {
        let headers = web_sys::Headers::new().map_err(network)?;
        for (name, value) in &request.headers {
            headers.set(name, value).map_err(network)?;
        }
        let init = web_sys::RequestInit::new();
        init.set_method(request.method.as_str());
        if let Some(json) = request.json {
            headers
                .set("content-type", "application/json")
                .map_err(network)?;
            init.set_body(&JsValue::from_str(&json.to_string()));
        }
        init.set_headers(&headers);
        web_sys::Request::new_with_str_and_init(&request.url, &init).map_err(network)
    }

    /// A failed fetch: the browser says why in a JS error (offline, refused,
    /// blocked).
    fn network(error: JsValue) -> ClientError {
        let detail = error
            .dyn_ref::<js_sys::Error>()
            .map(|error| String::from(error.message()))
            .or_else(|| error.as_string())
            .unwrap_or_else(|| "the request could not be sent".to_owned());
        ClientError::Network(detail)
    }
}
