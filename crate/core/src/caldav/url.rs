//! The few URL operations CalDAV needs: checking a server address, resolving the `href`s a server
//! answers with against the request's URL, and naming a post's object in a calendar.

use super::error::CaldavError;

/// A checked absolute `http`/`https` URL split at its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// `http` or `https`, lower case.
    pub scheme: String,
    /// Host and port as written (`cloud.example.org`, `127.0.0.1:5232`).
    pub authority: String,
    /// The path, starting with `/` (`/` when the URL has none). Query and fragment dropped.
    pub path: String,
}

impl Url {
    /// Reads `input`; refuses what is not an absolute `http` or `https` URL with a host.
    pub fn parse(input: &str) -> Result<Url, CaldavError> {
        let bad = |reason_en: &str, reason_fr: &str| CaldavError::BadUrl {
            url: input.to_string(),
            reason_en: reason_en.into(),
            reason_fr: reason_fr.into(),
        };
        let trimmed = input.trim();
        if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad(
                "it contains spaces or control characters",
                "elle contient des espaces ou des caractères de contrôle",
            ));
        }
        let Some((scheme, rest)) = trimmed.split_once("://") else {
            return Err(bad(
                "it does not start with https:// or http://",
                "elle ne commence pas par https:// ou http://",
            ));
        };
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(bad(
                "only https:// and http:// addresses are supported",
                "seules les adresses https:// et http:// sont prises en charge",
            ));
        }
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if host.is_empty() || host.starts_with(':') {
            return Err(bad("it has no server name", "elle n'a pas de nom de serveur"));
        }
        if authority.contains('@') {
            return Err(bad("it holds a user name or password: give them in the environment instead", "elle contient un nom d'utilisateur ou un mot de passe : donnez-les plutôt dans l'environnement"));
        }
        let rest = &rest[end..];
        let path_end = rest.find(['?', '#']).unwrap_or(rest.len());
        let path = if rest[..path_end].is_empty() { "/".to_string() } else { rest[..path_end].to_string() };
        Ok(Url { scheme, authority: authority.to_string(), path })
    }

    /// `scheme://authority`.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }

    /// The whole URL.
    pub fn as_string(&self) -> String {
        format!("{}{}", self.origin(), self.path)
    }

    /// `href` (absolute URL, absolute path or relative path) resolved against this URL.
    pub fn join(&self, href: &str) -> String {
        let href = href.trim();
        if href.contains("://") {
            return href.to_string();
        }
        if href.starts_with('/') {
            return format!("{}{}", self.origin(), href);
        }
        let dir = match self.path.rfind('/') {
            Some(i) => &self.path[..=i],
            None => "/",
        };
        format!("{}{}{}", self.origin(), dir, href)
    }

    /// This URL as a collection: its path ending in `/`.
    pub fn as_collection(&self) -> Url {
        let mut url = self.clone();
        if !url.path.ends_with('/') {
            url.path.push('/');
        }
        url
    }
}

/// The URL of the calendar object holding post `id` in the calendar at `calendar` (a collection
/// URL ending in `/`): the id percent-encoded, then `.ics`.
pub fn object_url(calendar: &str, id: &str) -> String {
    let mut url = calendar.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url.push_str(".ics");
    url
}

/// Two URLs naming the same resource: equal once unreserved characters are decoded and the case of
/// percent escapes is unified (servers answer with `%40` or `@` alike).
pub fn same_resource(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b)
}

/// `url` with percent escapes of unreserved characters and `@` decoded, others in upper case.
pub fn normalize(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match decoded {
            Some(v) if v.is_ascii_alphanumeric() || matches!(v, b'-' | b'_' | b'.' | b'~' | b'@') => {
                out.push(v)
            }
            Some(_) => out.extend(bytes[i..i + 3].to_ascii_uppercase()),
            None => {
                out.push(bytes[i]);
                i += 1;
                continue;
            }
        }
        i += 3;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses_with_reasons() {
        let u = Url::parse("https://Cloud.example.org:8443/remote.php/dav?x=1").unwrap();
        assert_eq!(
            (u.scheme.as_str(), u.authority.as_str(), u.path.as_str()),
            ("https", "Cloud.example.org:8443", "/remote.php/dav")
        );
        assert_eq!(Url::parse("http://127.0.0.1:5232").unwrap().path, "/");
        for bad in
            ["cloud.example.org/dav", "ftp://x/", "https:///dav", "https://user:pw@x/", "https://x/a b"]
        {
            assert!(matches!(Url::parse(bad), Err(CaldavError::BadUrl { .. })), "{bad}");
        }
    }

    #[test]
    fn joins_hrefs_of_every_shape() {
        let u = Url::parse("http://h:1/dav/calendars/anna/").unwrap();
        assert_eq!(u.join("/dav/principals/anna/"), "http://h:1/dav/principals/anna/");
        assert_eq!(u.join("work/"), "http://h:1/dav/calendars/anna/work/");
        assert_eq!(u.join("https://other/x"), "https://other/x");
    }

    #[test]
    fn object_urls_are_encoded_and_compare_loosely() {
        let url = object_url("http://h/cal/", "p 1@x");
        assert_eq!(url, "http://h/cal/p%201%40x.ics");
        assert!(same_resource(&url, "http://h/cal/p%201@x.ics"));
        assert!(same_resource("http://h/cal/a%2db.ics", "http://h/cal/a-b.ics"));
        assert!(!same_resource("http://h/cal/a.ics", "http://h/cal/b.ics"));
    }
}
