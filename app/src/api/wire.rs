//! How the server functions send their answers: JSON, as leptos' default, but read in the
//! browser from text (`serde_json::from_str`), the same way the page's resources read the data
//! the server wrote into the HTML.
//!
//! leptos' own `Json` reads an answer from bytes (`from_slice`) and the resources read from text,
//! so every answer type had two copies of its decoder in the WebAssembly, one per reader: about
//! a tenth of the bundle. With one reader there is one copy.
use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::de::{DeserializeOwned, Error as _};
use serde::Serialize;

/// JSON in the body of a `POST` answer, decoded from text (see the module's note).
pub type JsonText = Post<JsonTextEncoding>;

/// The encoding behind [`JsonText`].
pub struct JsonTextEncoding;

impl ContentType for JsonTextEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonTextEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(serde_json::Error::custom)?;
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Answer {
        name: String,
        lat: Option<f64>,
    }

    #[test]
    fn an_answer_round_trips_as_json() {
        let answer = Answer { name: "นางสาวเกศินี".into(), lat: Some(15.1189) };
        let bytes = <JsonTextEncoding as Encodes<Answer>>::encode(&answer).expect("encode");
        assert_eq!(std::str::from_utf8(&bytes).expect("utf-8"), r#"{"name":"นางสาวเกศินี","lat":15.1189}"#);
        let back: Answer = <JsonTextEncoding as Decodes<Answer>>::decode(bytes).expect("decode");
        assert_eq!(back, answer);
    }

    #[test]
    fn an_answer_that_is_not_utf8_is_an_error_not_a_panic() {
        let decoded = <JsonTextEncoding as Decodes<Answer>>::decode(Bytes::from_static(b"{\"name\":\"\xff\"}"));
        assert!(decoded.is_err());
    }
}
