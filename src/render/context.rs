//! A view struct straight into a tera context.
//!
//! `Context::from_serialize` turns a view into one map value and then copies
//! that map, key by key, into the context. Here each field of the view goes
//! into the context under its own (static) name, once. Anything but a struct
//! (a map, an enum) is not handled here: the caller falls back to
//! `Context::from_serialize`, which also words the errors.

use serde::Serialize;
use serde::ser::{self, Impossible, Serializer};
use std::fmt;
use tera::{Context, Value};

/// The fields of `view`, a struct, as a context; `None` for anything else or
/// a field tera cannot hold.
pub fn of_struct<V: Serialize + ?Sized>(view: &V) -> Option<Context> {
    onto(view, Context::new())
}

/// [`of_struct`] over the values of `base`: a field of `view` replaces the
/// value of the same name.
pub fn onto<V: Serialize + ?Sized>(view: &V, base: Context) -> Option<Context> {
    view.serialize(Top(base)).ok()
}

/// Why a view was not taken here (never shown: the caller falls back).
#[derive(Debug)]
pub struct NotAStruct;

impl fmt::Display for NotAStruct {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("not a struct")
    }
}

impl std::error::Error for NotAStruct {}

impl ser::Error for NotAStruct {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotAStruct
    }
}

struct Top(Context);

/// The fields read so far.
pub struct Fields(Context);

impl ser::SerializeStruct for Fields {
    type Ok = Context;
    type Error = NotAStruct;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotAStruct> {
        let value = Value::try_from_serializable(value).map_err(|_| NotAStruct)?;
        self.0.insert_value(key, value);
        Ok(())
    }

    fn end(self) -> Result<Context, NotAStruct> {
        Ok(self.0)
    }
}

/// Every kind of value but a struct is refused.
macro_rules! refuse {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<Context, NotAStruct> {
            Err(NotAStruct)
        })*
    };
}

impl Serializer for Top {
    type Ok = Context;
    type Error = NotAStruct;
    type SerializeSeq = Impossible<Context, NotAStruct>;
    type SerializeTuple = Impossible<Context, NotAStruct>;
    type SerializeTupleStruct = Impossible<Context, NotAStruct>;
    type SerializeTupleVariant = Impossible<Context, NotAStruct>;
    type SerializeMap = Impossible<Context, NotAStruct>;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Impossible<Context, NotAStruct>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields, NotAStruct> {
        Ok(Fields(self.0))
    }

    refuse!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Context, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Context, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Context, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotAStruct> {
        Err(NotAStruct)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    struct Inner {
        naam: String,
    }

    #[derive(Serialize)]
    struct View<'a> {
        titel: &'a str,
        aantal: u32,
        leeg: Option<String>,
        lijst: Vec<Inner>,
        #[serde(skip)]
        _geheim: &'a str,
    }

    /// A struct gives the context `from_serialize` gives, field for field.
    #[test]
    fn a_struct_gives_the_same_context() {
        let view = View {
            titel: "Brief",
            aantal: 3,
            leeg: None,
            lijst: vec![Inner { naam: "A".into() }],
            _geheim: "x",
        };
        let ours = of_struct(&view).expect("a struct");
        let teras = Context::from_serialize(&view).unwrap();
        assert_eq!(ours, teras);
        assert!(ours.get("_geheim").is_none());
    }

    /// Over a base, the view's fields are added and replace those of the
    /// same name; the others stay.
    #[test]
    fn a_struct_goes_over_a_base() {
        let mut base = Context::new();
        base.insert("titel", "Basis");
        base.insert("organisatie", "Gemeente");
        let view = View {
            titel: "Brief",
            aantal: 3,
            leeg: None,
            lijst: Vec::new(),
            _geheim: "x",
        };
        let context = onto(&view, base).expect("a struct");
        assert_eq!(context.get("titel"), Some(&Value::from("Brief")));
        assert_eq!(context.get("organisatie"), Some(&Value::from("Gemeente")));
        assert_eq!(context.get("aantal"), Some(&Value::from(3u32)));
    }

    /// Anything else is left to `from_serialize`.
    #[test]
    fn anything_else_is_refused() {
        let map: BTreeMap<&str, u32> = [("a", 1)].into();
        assert!(of_struct(&map).is_none());
        assert!(of_struct(&3).is_none());
    }
}
