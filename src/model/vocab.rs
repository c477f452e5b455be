//! The closed vocabularies of a posting: role category, level, employment type and
//! stack. Each value's URL slug and human label live here and nowhere else.

/// A value stored as its slug: what a list column (`a,b,c`) holds.
pub trait Stored: Sized + Copy {
    fn stored(self) -> &'static str;
    fn from_stored(text: &str) -> Option<Self>;
}

/// Declares an enum whose variants each carry a URL slug and a label, with
/// `ALL`, `slug()`, `label()`, `from_slug()`, serde as the slug, and (on the
/// server) sqlx decoding from a text column holding the slug.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $slug:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub const fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_slug(slug: &str) -> Option<Self> {
                match slug { $($slug => Some($name::$variant),)+ _ => None }
            }
        }

        impl $crate::model::Stored for $name {
            fn stored(self) -> &'static str {
                self.slug()
            }

            fn from_stored(text: &str) -> Option<Self> {
                Self::from_slug(text)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.slug())
            }
        }

        /// Read from a text column holding the slug (server only).
        #[cfg(feature = "ssr")]
        impl sqlx::Type<sqlx::Any> for $name {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <String as sqlx::Type<sqlx::Any>>::type_info()
            }

            fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
                <String as sqlx::Type<sqlx::Any>>::compatible(ty)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r> sqlx::Decode<'r, sqlx::Any> for $name {
            fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let slug = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                Self::from_slug(&slug).ok_or_else(|| format!("unknown {} `{slug}`", stringify!($name)).into())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let slug = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::from_slug(&slug).ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown {} `{slug}`", stringify!($name)))
                })
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary! {
    /// What kind of work the role is.
    Category {
        Backend => "backend", "Backend";
        Frontend => "frontend", "Frontend";
        FullStack => "full-stack", "Full-stack";
        Mobile => "mobile", "Mobile";
        DevOps => "devops", "DevOps & SRE";
        DataEngineering => "data-engineering", "Data engineering";
        MachineLearning => "machine-learning", "ML & AI";
        Security => "security", "Security";
        Qa => "qa", "QA & testing";
        EngineeringManagement => "engineering-management", "Engineering management";
    }
}

impl Category {
    /// The noun for a person in the role, as landing pages and titles use it.
    pub fn role(self) -> &'static str {
        match self {
            Category::Backend => "backend developer",
            Category::Frontend => "frontend developer",
            Category::FullStack => "full-stack developer",
            Category::Mobile => "mobile developer",
            Category::DevOps => "DevOps engineer",
            Category::DataEngineering => "data engineer",
            Category::MachineLearning => "machine learning engineer",
            Category::Security => "security engineer",
            Category::Qa => "QA engineer",
            Category::EngineeringManagement => "engineering manager",
        }
    }
}

vocabulary! {
    /// Seniority.
    Level {
        Junior => "junior", "Junior";
        Mid => "mid", "Mid-level";
        Senior => "senior", "Senior";
        Staff => "staff", "Staff";
        Principal => "principal", "Principal";
    }
}

vocabulary! {
    /// The contract a hire gets.
    EmploymentType {
        FullTime => "full-time", "Full-time";
        PartTime => "part-time", "Part-time";
        Contract => "contract", "Contract";
        Internship => "internship", "Internship";
    }
}

impl EmploymentType {
    /// schema.org's `employmentType` value.
    pub fn schema_org(self) -> &'static str {
        match self {
            EmploymentType::FullTime => "FULL_TIME",
            EmploymentType::PartTime => "PART_TIME",
            EmploymentType::Contract => "CONTRACTOR",
            EmploymentType::Internship => "INTERN",
        }
    }
}

vocabulary! {
    /// A language, framework or platform a posting asks for.
    Stack {
        Python => "python", "Python";
        NodeJs => "nodejs", "Node.js";
        TypeScript => "typescript", "TypeScript";
        JavaScript => "javascript", "JavaScript";
        Go => "go", "Go";
        Rust => "rust", "Rust";
        Java => "java", "Java";
        Kotlin => "kotlin", "Kotlin";
        CSharp => "csharp", "C#";
        Cpp => "cpp", "C++";
        Ruby => "ruby", "Ruby";
        Php => "php", "PHP";
        Elixir => "elixir", "Elixir";
        Scala => "scala", "Scala";
        Swift => "swift", "Swift";
        React => "react", "React";
        Vue => "vue", "Vue";
        Angular => "angular", "Angular";
        ReactNative => "react-native", "React Native";
        Flutter => "flutter", "Flutter";
        Django => "django", "Django";
        Rails => "rails", "Rails";
        PostgreSql => "postgresql", "PostgreSQL";
        Kafka => "kafka", "Kafka";
        Spark => "spark", "Spark";
        PyTorch => "pytorch", "PyTorch";
        Aws => "aws", "AWS";
        Gcp => "gcp", "GCP";
        Kubernetes => "kubernetes", "Kubernetes";
        Terraform => "terraform", "Terraform";
        GraphQl => "graphql", "GraphQL";
        Playwright => "playwright", "Playwright";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slug_round_trips_and_is_unique() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            slug: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
        ) {
            let mut seen = std::collections::HashSet::new();
            for &v in all {
                assert!(seen.insert(slug(v)), "duplicate slug {}", slug(v));
                assert_eq!(parse(slug(v)), Some(v));
            }
        }
        check(Category::ALL, Category::slug, Category::from_slug);
        check(Level::ALL, Level::slug, Level::from_slug);
        check(EmploymentType::ALL, EmploymentType::slug, EmploymentType::from_slug);
        check(Stack::ALL, Stack::slug, Stack::from_slug);
    }

    #[test]
    fn serde_uses_the_slug() {
        assert_eq!(serde_json::to_string(&Stack::CSharp).unwrap(), "\"csharp\"");
        assert_eq!(serde_json::from_str::<Level>("\"staff\"").unwrap(), Level::Staff);
        assert!(serde_json::from_str::<Level>("\"wizard\"").is_err());
    }
}
