/// A model written as the generator writes one (field by field through `de` and `ser`), for
/// the runtime's own tests: a connection with scalars, a list, a date and a nested model.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Connection {
    pub name: Option<String>,
    pub port: Option<i64>,
    pub max_connections: Option<i32>,
    pub pdts_enabled: Option<bool>,
    pub user_attribute_fields: Option<Vec<String>>,
    pub created_at: Option<crate::DateTime>,
    pub dialect: Option<Dialect>,
}

/// The nested model of [`Connection`].
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Dialect {
    pub name: Option<String>,
    pub label: Option<String>,
}

impl serde::Serialize for Connection {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let present = crate::ser::present(&[
            self.name.is_some(),
            self.port.is_some(),
            self.max_connections.is_some(),
            self.pdts_enabled.is_some(),
            self.user_attribute_fields.is_some(),
            self.created_at.is_some(),
            self.dialect.is_some(),
        ]);
        let mut fields = crate::ser::Fields::start(serializer, "Connection", present)?;
        fields.optional("name", &self.name)?;
        fields.optional("port", &self.port)?;
        fields.optional("max_connections", &self.max_connections)?;
        fields.optional("pdts_enabled", &self.pdts_enabled)?;
        fields.optional("user_attribute_fields", &self.user_attribute_fields)?;
        fields.optional("created_at", &self.created_at)?;
        fields.optional("dialect", &self.dialect)?;
        fields.end()
    }
}

impl<'de> serde::Deserialize<'de> for Connection {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::de::object(deserializer)
    }
}

impl crate::de::Object for Connection {
    const NAME: &'static str = "Connection";

    fn field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match key {
            "name" => crate::de::scalar(map, key, &mut self.name),
            "port" => crate::de::scalar(map, key, &mut self.port),
            "max_connections" => crate::de::scalar(map, key, &mut self.max_connections),
            "pdts_enabled" => crate::de::value(map, key, &mut self.pdts_enabled),
            "user_attribute_fields" => crate::de::value(map, key, &mut self.user_attribute_fields),
            "created_at" => crate::de::value(map, key, &mut self.created_at),
            "dialect" => crate::de::value(map, key, &mut self.dialect),
            _ => crate::de::skip(map),
        }
    }
}

impl serde::Serialize for Dialect {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let present = crate::ser::present(&[self.name.is_some(), self.label.is_some()]);
        let mut fields = crate::ser::Fields::start(serializer, "Dialect", present)?;
        fields.optional("name", &self.name)?;
        fields.optional("label", &self.label)?;
        fields.end()
    }
}

impl<'de> serde::Deserialize<'de> for Dialect {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::de::object(deserializer)
    }
}

impl crate::de::Object for Dialect {
    const NAME: &'static str = "Dialect";

    fn field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match key {
            "name" => crate::de::scalar(map, key, &mut self.name),
            "label" => crate::de::scalar(map, key, &mut self.label),
            _ => crate::de::skip(map),
        }
    }
}
