//! A cheap look at the shape of a JSON document, for format detection.
//!
//! It walks the whole document once without building it (values are skipped with
//! `IgnoredAny`) and remembers only: the top-level keys and short scalar values, and for each
//! top-level member that is an object its keys, or that is a list, the keys of its first
//! element. For a top-level list, the keys of its first element.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// What a JSON document looks like from above.
#[derive(Debug, Default)]
pub(crate) struct Shape {
    pub(crate) top: Top,
    /// Top-level members: key, short scalar value (if scalar), keys one level down.
    pub(crate) members: Vec<Member>,
    /// For a top-level list: keys of its first element (if an object) and the list length.
    pub(crate) first_item_keys: Vec<String>,
    pub(crate) len: usize,
}

#[derive(Debug, Default, PartialEq, Eq, Clone, Copy)]
pub(crate) enum Top {
    Object,
    Array,
    #[default]
    Null,
    Scalar,
}

#[derive(Debug, Default)]
pub(crate) struct Member {
    pub(crate) key: String,
    pub(crate) scalar: Option<String>,
    pub(crate) child_keys: Vec<String>,
}

impl Shape {
    pub(crate) fn has(&self, key: &str) -> bool {
        self.members.iter().any(|m| m.key == key)
    }

    pub(crate) fn member(&self, key: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.key == key)
    }

    pub(crate) fn scalar(&self, key: &str) -> Option<&str> {
        self.member(key).and_then(|m| m.scalar.as_deref())
    }

    /// `true` when top-level `key` has (or its first element has) member `child`.
    pub(crate) fn child_has(&self, key: &str, child: &str) -> bool {
        self.member(key)
            .is_some_and(|m| m.child_keys.iter().any(|k| k == child))
    }

    pub(crate) fn item_has(&self, key: &str) -> bool {
        self.first_item_keys.iter().any(|k| k == key)
    }

    pub(crate) fn keys(&self) -> Vec<&str> {
        self.members.iter().map(|m| m.key.as_str()).collect()
    }
}

pub(crate) fn probe(bytes: &[u8]) -> Result<Shape, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let shape = de.deserialize_any(TopVisitor)?;
    de.end()?;
    Ok(shape)
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let mut shape = Shape {
            top: Top::Object,
            ..Shape::default()
        };
        while let Some(key) = map.next_key::<String>()? {
            let child = map.next_value_seed(ChildSeed)?;
            shape.members.push(Member {
                key,
                scalar: child.scalar,
                child_keys: child.keys,
            });
        }
        Ok(shape)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        let mut shape = Shape {
            top: Top::Array,
            ..Shape::default()
        };
        if let Some(first) = seq.next_element_seed(ChildSeed)? {
            shape.first_item_keys = first.keys;
            shape.len = 1;
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {
            shape.len += 1;
        }
        Ok(shape)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Shape, E> {
        Ok(Shape::default())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Shape, E> {
        Ok(scalar_shape())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Shape, E> {
        Ok(scalar_shape())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Shape, E> {
        Ok(scalar_shape())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Shape, E> {
        Ok(scalar_shape())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Shape, E> {
        Ok(scalar_shape())
    }
}

fn scalar_shape() -> Shape {
    Shape {
        top: Top::Scalar,
        ..Shape::default()
    }
}

#[derive(Default)]
struct Child {
    scalar: Option<String>,
    keys: Vec<String>,
}

struct ChildSeed;

impl<'de> DeserializeSeed<'de> for ChildSeed {
    type Value = Child;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Child, D::Error> {
        d.deserialize_any(ChildVisitor)
    }
}

struct ChildVisitor;

const MAX_SCALAR: usize = 256;

fn short(s: &str) -> String {
    s.chars().take(MAX_SCALAR).collect()
}

impl<'de> Visitor<'de> for ChildVisitor {
    type Value = Child;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Child, E> {
        Ok(Child {
            scalar: Some(short(v)),
            ..Child::default()
        })
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Child, E> {
        Ok(Child {
            scalar: Some(v.to_string()),
            ..Child::default()
        })
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Child, E> {
        Ok(Child {
            scalar: Some(v.to_string()),
            ..Child::default()
        })
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Child, E> {
        Ok(Child {
            scalar: Some(v.to_string()),
            ..Child::default()
        })
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Child, E> {
        Ok(Child {
            scalar: Some(v.to_string()),
            ..Child::default()
        })
    }
    fn visit_unit<E: de::Error>(self) -> Result<Child, E> {
        Ok(Child::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Child, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<IgnoredAny>()?;
            keys.push(key);
        }
        Ok(Child {
            keys,
            ..Child::default()
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Child, A::Error> {
        let mut child = Child::default();
        if let Some(first) = seq.next_element_seed(KeysSeed)? {
            child.keys = first;
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(child)
    }
}

/// Keys of an object; nothing for anything else.
struct KeysSeed;

impl<'de> DeserializeSeed<'de> for KeysSeed {
    type Value = Vec<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_any(KeysVisitor)
    }
}

struct KeysVisitor;

impl<'de> Visitor<'de> for KeysVisitor {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<IgnoredAny>()?;
            keys.push(key);
        }
        Ok(keys)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Vec::new())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }
}
