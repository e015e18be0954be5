//! What can go wrong talking to a CalDAV server, phrased for the user: what happened, at which
//! address, and what to do, in English and French.

use std::fmt;

use serde::Serialize;

use super::http::Response;
use crate::lang::Lang;

/// A CalDAV failure. [`CaldavError::retryable`] tells the ones worth trying again later (the
/// changes stay queued) from those the user must fix first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum CaldavError {
    /// The address given is not a usable URL.
    BadUrl {
        /// The address as given.
        url: String,
        /// Why, in English.
        reason_en: String,
        /// Why, in French.
        reason_fr: String,
    },
    /// 401: the server refused the user name or password.
    Unauthorized {
        /// The URL asked.
        url: String,
    },
    /// 403: the account may not do this.
    Forbidden {
        /// The URL asked.
        url: String,
        /// What was being done (`reading`, `writing`...).
        method: String,
    },
    /// 404 on discovery: nothing at this address.
    NotFound {
        /// The URL asked.
        url: String,
    },
    /// The server answered, but not as a CalDAV server does.
    NotCaldav {
        /// The URL asked.
        url: String,
        /// What was seen instead.
        detail: String,
    },
    /// Discovery found no calendar that can hold events, or several without a way to choose.
    NoCalendar {
        /// Where the calendars were looked for.
        url: String,
        /// The calendars found (URLs), when there were several.
        found: Vec<String>,
    },
    /// 5xx: the server failed; trying later may work.
    Server {
        /// The URL asked.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The server could not be reached (refused, timed out, TLS failure...).
    Network {
        /// The URL asked.
        url: String,
        /// The client's own message.
        detail: String,
    },
    /// Any other unexpected status.
    Unexpected {
        /// The URL asked.
        url: String,
        /// The method.
        method: String,
        /// The status code.
        status: u16,
    },
    /// A multistatus body that is not well-formed XML.
    BadXml {
        /// The URL asked.
        url: String,
        /// The parser's message.
        detail: String,
    },
}

impl CaldavError {
    /// Whether the same request may succeed later without the user doing anything: server errors
    /// and network failures. The changes stay queued and are retried with backoff.
    pub fn retryable(&self) -> bool {
        matches!(self, CaldavError::Server { .. } | CaldavError::Network { .. })
    }

    /// The error for an unexpected `response` to `method url`: 401, 403, 404, 5xx, or other.
    pub fn from_status(method: &str, url: &str, response: &Response) -> CaldavError {
        let url = url.to_string();
        match response.status {
            401 => CaldavError::Unauthorized { url },
            403 => CaldavError::Forbidden { url, method: method.into() },
            404 | 410 => CaldavError::NotFound { url },
            405 | 501 if method == "PROPFIND" || method == "REPORT" => CaldavError::NotCaldav {
                url,
                detail: format!("{method} is not allowed there (HTTP {})", response.status),
            },
            status @ 500..=599 => CaldavError::Server { url, status },
            status => CaldavError::Unexpected { url, method: method.into(), status },
        }
    }

    /// The message in `lang`: what happened, where, what to do.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Fr => self.french(),
        }
    }

    fn english(&self) -> String {
        match self {
            CaldavError::BadUrl { url, reason_en, .. } => format!("\"{url}\" is not a usable server address: {reason_en}. Give the address of your CalDAV server, such as https://cloud.example.org/remote.php/dav"),
            CaldavError::Unauthorized { url } => format!("{url}: the server refused the user name or password (HTTP 401). Check PORTE_VOIX_CALDAV_USER and PORTE_VOIX_CALDAV_PASSWORD (for Nextcloud, an app password)"),
            CaldavError::Forbidden { url, method } => format!("{url}: this account may not do this ({method}, HTTP 403). Ask the calendar's owner to share it with you with write access"),
            CaldavError::NotFound { url } => format!("{url}: nothing at this address (HTTP 404). Check the server address; for Nextcloud it ends in /remote.php/dav"),
            CaldavError::NotCaldav { url, detail } => format!("{url}: this does not look like a CalDAV server ({detail}). Check the address: it must be the calendar server's, not its web page"),
            CaldavError::NoCalendar { url, found } if found.is_empty() => format!("{url}: this account has no calendar that can hold events. Create one in the server's web interface, or give a calendar's own address"),
            CaldavError::NoCalendar { url, found } => format!("{url}: this account has several calendars; give the address of the one to use: {}", found.join(", ")),
            CaldavError::Server { url, status } => format!("{url}: the server failed (HTTP {status}). Your changes are kept and will be sent on the next sync"),
            CaldavError::Network { url, detail } => format!("{url}: the server could not be reached ({detail}). Your changes are kept and will be sent on the next sync"),
            CaldavError::Unexpected { url, method, status } => format!("{url}: unexpected answer to {method} (HTTP {status}). Check the address; if it persists, report it with your server's name"),
            CaldavError::BadXml { url, detail } => format!("{url}: the server's answer is not valid XML ({detail}). Check that the address is a CalDAV server's"),
        }
    }

    fn french(&self) -> String {
        match self {
            CaldavError::BadUrl { url, reason_fr, .. } => format!("« {url} » n'est pas une adresse de serveur utilisable : {reason_fr}. Donnez l'adresse de votre serveur CalDAV, par exemple https://cloud.example.org/remote.php/dav"),
            CaldavError::Unauthorized { url } => format!("{url} : le serveur a refusé le nom d'utilisateur ou le mot de passe (HTTP 401). Vérifiez PORTE_VOIX_CALDAV_USER et PORTE_VOIX_CALDAV_PASSWORD (pour Nextcloud, un mot de passe d'application)"),
            CaldavError::Forbidden { url, method } => format!("{url} : ce compte n'a pas le droit de faire cela ({method}, HTTP 403). Demandez au propriétaire de l'agenda de vous le partager en écriture"),
            CaldavError::NotFound { url } => format!("{url} : rien à cette adresse (HTTP 404). Vérifiez l'adresse du serveur ; pour Nextcloud elle se termine par /remote.php/dav"),
            CaldavError::NotCaldav { url, detail } => format!("{url} : ce n'est pas un serveur CalDAV, semble-t-il ({detail}). Vérifiez l'adresse : ce doit être celle du serveur d'agendas, pas sa page web"),
            CaldavError::NoCalendar { url, found } if found.is_empty() => format!("{url} : ce compte n'a aucun agenda pouvant contenir des événements. Créez-en un dans l'interface web du serveur, ou donnez l'adresse d'un agenda"),
            CaldavError::NoCalendar { url, found } => format!("{url} : ce compte a plusieurs agendas ; donnez l'adresse de celui à utiliser : {}", found.join(", ")),
            CaldavError::Server { url, status } => format!("{url} : le serveur a échoué (HTTP {status}). Vos modifications sont gardées et seront envoyées à la prochaine synchronisation"),
            CaldavError::Network { url, detail } => format!("{url} : le serveur est injoignable ({detail}). Vos modifications sont gardées et seront envoyées à la prochaine synchronisation"),
            CaldavError::Unexpected { url, method, status } => format!("{url} : réponse inattendue à {method} (HTTP {status}). Vérifiez l'adresse ; si cela persiste, signalez-le avec le nom de votre serveur"),
            CaldavError::BadXml { url, detail } => format!("{url} : la réponse du serveur n'est pas du XML valide ({detail}). Vérifiez que l'adresse est celle d'un serveur CalDAV"),
        }
    }
}

impl fmt::Display for CaldavError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

impl std::error::Error for CaldavError {}
