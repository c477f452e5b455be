//! An S3-compatible bucket (AWS S3, MinIO, Ceph, R2, …) for uploads when
//! several app servers share them: path-style requests signed with AWS
//! Signature Version 4, over the HTTP client the app already has.

use sha2::{Digest, Sha256};

use super::storage::StorageError;

/// Where and as whom to store.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Settings {
    /// `https://s3.eu-central-1.amazonaws.com`, `http://minio:9000`, …
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

/// The secret access key is never printed.
impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"hidden")
            .finish()
    }
}

/// A bucket the app stores files in.
#[derive(Clone, Debug)]
pub struct S3Bucket {
    settings: S3Settings,
    client: reqwest::Client,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// HMAC-SHA256 (RFC 2104).
fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    inner.update(data);
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// A request to sign: its method, path, query (already canonical), headers
/// (lowercase names, trimmed values) and the hex SHA-256 of its body.
pub struct Unsigned<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub payload_hash: &'a str,
}

/// The `Authorization` header of `request`, made at `amz_date`
/// (`YYYYMMDDTHHMMSSZ`), per AWS Signature Version 4.
pub fn authorization(request: &Unsigned, settings: &S3Settings, amz_date: &str) -> String {
    let mut headers = request.headers.to_vec();
    headers.sort_by_key(|(name, _)| *name);
    let canonical_headers: String = headers.iter().map(|(n, v)| format!("{n}:{v}\n")).collect();
    let signed_headers = headers.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(";");
    let canonical_request = format!(
        "{}\n{}\n{}\n{canonical_headers}\n{signed_headers}\n{}",
        request.method, request.path, request.query, request.payload_hash
    );
    let day = &amz_date[..8];
    let scope = format!("{day}/{}/s3/aws4_request", settings.region);
    let string_to_sign = format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", sha256_hex(canonical_request.as_bytes()));
    let key = [settings.region.as_str(), "s3", "aws4_request"]
        .iter()
        .fold(hmac(format!("AWS4{}", settings.secret_access_key).as_bytes(), day.as_bytes()), |key, part| {
            hmac(&key, part.as_bytes())
        });
    let signature = hex(&hmac(&key, string_to_sign.as_bytes()));
    format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        settings.access_key_id
    )
}

/// Now as `YYYYMMDDTHHMMSSZ`.
fn amz_date(now: i64) -> String {
    crate::model::rfc3339(now).replace(['-', ':'], "")
}

impl S3Bucket {
    pub fn new(settings: S3Settings) -> Result<S3Bucket, String> {
        let missing: Vec<&str> = [
            ("FARCODER_S3_BUCKET", &settings.bucket),
            ("FARCODER_S3_ACCESS_KEY_ID", &settings.access_key_id),
            ("FARCODER_S3_SECRET_ACCESS_KEY", &settings.secret_access_key),
        ]
        .into_iter()
        .filter(|(_, value)| value.trim().is_empty())
        .map(|(name, _)| name)
        .collect();
        if !missing.is_empty() {
            return Err(format!("FARCODER_STORAGE=s3 needs {}", missing.join(", ")));
        }
        let endpoint = reqwest::Url::parse(&settings.endpoint).map_err(|e| format!("FARCODER_S3_ENDPOINT: {e}"))?;
        if !matches!(endpoint.scheme(), "http" | "https") || endpoint.host_str().is_none() {
            return Err("FARCODER_S3_ENDPOINT must be an http(s) address".to_owned());
        }
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .map_err(|e| format!("S3 client: {e}"))?;
        Ok(S3Bucket { settings, client })
    }

    /// Signs and sends one request for object `key`.
    async fn send(&self, method: reqwest::Method, key: &str, body: Vec<u8>) -> Result<reqwest::Response, StorageError> {
        let base = self.settings.endpoint.trim_end_matches('/');
        let url = reqwest::Url::parse(&format!("{base}/{}/{key}", self.settings.bucket))
            .map_err(|e| StorageError::Remote(e.to_string()))?;
        let host = match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            _ => return Err(StorageError::Remote("no host".to_owned())),
        };
        let payload_hash = sha256_hex(&body);
        let date = amz_date(super::now());
        let headers = [("host", host.as_str()), ("x-amz-content-sha256", &payload_hash), ("x-amz-date", &date)];
        let unsigned = Unsigned {
            method: method.as_str(),
            path: url.path(),
            query: "",
            headers: &headers,
            payload_hash: &payload_hash,
        };
        let authorization = authorization(&unsigned, &self.settings, &date);
        self.client
            .request(method, url)
            .header("x-amz-content-sha256", &payload_hash)
            .header("x-amz-date", &date)
            .header("authorization", authorization)
            .body(body)
            .send()
            .await
            .map_err(|e| StorageError::Remote(e.to_string()))
    }

    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), StorageError> {
        let response = self.send(reqwest::Method::PUT, key, bytes.to_vec()).await?;
        expect_success(response).await.map(|_| ())
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        let response = self.send(reqwest::Method::GET, key, Vec::new()).await?;
        if response.status() == reqwest::StatusCode::NOT_FOUND {
            return Err(StorageError::Missing);
        }
        expect_success(response).await
    }

    pub async fn delete(&self, key: &str) -> Result<(), StorageError> {
        let response = self.send(reqwest::Method::DELETE, key, Vec::new()).await?;
        if response.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(());
        }
        expect_success(response).await.map(|_| ())
    }
}

async fn expect_success(response: reqwest::Response) -> Result<Vec<u8>, StorageError> {
    let status = response.status();
    let body = response.bytes().await.map_err(|e| StorageError::Remote(e.to_string()))?;
    if status.is_success() {
        Ok(body.to_vec())
    } else {
        let said = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
        Err(StorageError::Remote(format!("{status}: {said}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2.
        assert_eq!(
            hex(&hmac(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn signatures_match_the_aws_example() {
        // "GET Object" from the S3 documentation's Signature Version 4 examples.
        let settings = S3Settings {
            endpoint: "https://examplebucket.s3.amazonaws.com".into(),
            bucket: "examplebucket".into(),
            region: "us-east-1".into(),
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
        };
        let empty = sha256_hex(b"");
        let request = Unsigned {
            method: "GET",
            path: "/test.txt",
            query: "",
            headers: &[
                ("host", "examplebucket.s3.amazonaws.com"),
                ("range", "bytes=0-9"),
                ("x-amz-content-sha256", &empty),
                ("x-amz-date", "20130524T000000Z"),
            ],
            payload_hash: &empty,
        };
        assert_eq!(
            authorization(&request, &settings, "20130524T000000Z"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
             SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, \
             Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
    }

    #[test]
    fn dates_are_in_the_compact_form() {
        assert_eq!(amz_date(1_369_353_600), "20130524T000000Z");
    }
}
