//! Enumerations stored as TEXT (with a CHECK in both SQL dialects) and shown in two languages:
//! one declaration gives the variants, their stored text (also their JSON and URL form), their
//! Thai and English labels, `ALL`, `as_str`, `parse` and `label`.

/// `Variant = "stored_text", "ไทย", "English";` per variant.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal, $th:literal, $en:literal;)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; <[&str]>::len(&[$($text),+])] = [$($name::$variant),+];

            /// The stored text.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The variant stored as `s`, if any.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }

            pub fn label(self, lang: $crate::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $(
                        ($name::$variant, $crate::i18n::Lang::Th) => $th,
                        ($name::$variant, $crate::i18n::Lang::En) => $en,
                    )+
                }
            }
        }
    };
}

pub(crate) use text_enum;

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;

    super::text_enum! {
        /// A test enumeration.
        pub enum Fruit {
            Mango = "mango", "มะม่วง", "Mango";
            StickyRice = "sticky_rice", "ข้าวเหนียว", "Sticky rice";
        }
    }

    #[test]
    fn stored_text_json_and_labels_agree() {
        assert_eq!(Fruit::ALL, [Fruit::Mango, Fruit::StickyRice]);
        for f in Fruit::ALL {
            assert_eq!(Fruit::parse(f.as_str()), Some(f));
            assert_eq!(serde_json::to_string(&f).expect("json"), format!("\"{}\"", f.as_str()));
        }
        assert_eq!(Fruit::parse("durian"), None);
        assert_eq!(Fruit::StickyRice.label(Lang::Th), "ข้าวเหนียว");
        assert_eq!(Fruit::StickyRice.label(Lang::En), "Sticky rice");
        assert!(Fruit::Mango < Fruit::StickyRice);
    }
}
