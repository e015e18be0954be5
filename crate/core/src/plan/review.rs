//! The review flow: who may move a post from one status to another, and when review is required.
//!
//! Statuses go idea → draft → in-review → approved → scheduled → published. Review is required
//! for interns always, and for anyone when the post's text or one of its variants contains one of
//! the guide's `terms.sensitive` words (compared without case or accents, whole words only). When
//! review is required, only an approver or an admin gets a post past `in-review`; a writer or an
//! intern submits it. An approver approves, or sends it back to draft with a comment saying what
//! to change. Moving back (approved → draft, scheduled → approved...) is always allowed, except
//! that a post in review leaves it only by approval or by being sent back, and a published post
//! only by an admin (to undo a mistaken "published").

use super::model::{Post, ReviewAction, Status};
use crate::guide::CompiledGuide;
use crate::lang::Lang;
use crate::suggest::fold::tokenize;
use serde::{Deserialize, Serialize};

/// What a person may do in the review flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Writes and submits posts; may schedule them when no review is required.
    Writer,
    /// Writes and submits; every post of theirs needs review.
    Intern,
    /// Approves or sends back posts in review.
    Approver,
    /// Everything an approver does, and may undo "published".
    Admin,
}

impl Role {
    /// Parses `writer`, `intern`, `approver` or `admin`.
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "writer" => Some(Role::Writer),
            "intern" => Some(Role::Intern),
            "approver" => Some(Role::Approver),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// The role's name as [`Role::parse`] reads it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Writer => "writer",
            Role::Intern => "intern",
            Role::Approver => "approver",
            Role::Admin => "admin",
        }
    }

    /// Whether this role approves and sends back posts.
    pub fn can_approve(self) -> bool {
        matches!(self, Role::Approver | Role::Admin)
    }
}

/// Who is acting: a name for the review trail and a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Name or e-mail, recorded in the review trail.
    pub name: String,
    /// What they may do.
    pub role: Role,
}

impl Default for Actor {
    fn default() -> Self {
        Actor { name: String::new(), role: Role::Writer }
    }
}

/// The guide's sensitive words, folded (no case, no accents) into word sequences.
#[derive(Debug, Clone, Default)]
pub struct SensitiveTerms {
    terms: Vec<(String, Vec<String>)>,
}

impl SensitiveTerms {
    /// From a list of words or phrases as the guide writes them.
    pub fn new(terms: &[String]) -> SensitiveTerms {
        let terms = terms
            .iter()
            .filter_map(|t| {
                let words = folded_words(t);
                (!words.is_empty()).then(|| (t.trim().to_string(), words))
            })
            .collect();
        SensitiveTerms { terms }
    }

    /// The `terms.sensitive` list of a guide.
    pub fn from_guide(guide: &CompiledGuide) -> SensitiveTerms {
        SensitiveTerms::new(&guide.guide.terms.sensitive)
    }

    /// The sensitive terms (as the guide writes them) found in `post`'s text or variants.
    pub fn found_in(&self, post: &Post) -> Vec<String> {
        if self.terms.is_empty() {
            return Vec::new();
        }
        let texts: Vec<Vec<String>> =
            std::iter::once(&post.text).chain(post.variants.values()).map(|t| folded_words(t)).collect();
        self.terms
            .iter()
            .filter(|(_, words)| {
                texts.iter().any(|text| text.windows(words.len()).any(|w| w == words.as_slice()))
            })
            .map(|(term, _)| term.clone())
            .collect()
    }
}

fn folded_words(text: &str) -> Vec<String> {
    let tokens = tokenize(text);
    (0..tokens.len()).map(|i| tokens.word(i).to_string()).collect()
}

/// Whether a post needs an approver, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReviewNeed {
    /// The person acting is an intern.
    pub intern: bool,
    /// Sensitive terms found in the post (as the guide writes them).
    pub sensitive: Vec<String>,
}

impl ReviewNeed {
    /// Whether an approver must approve the post before it is approved or scheduled.
    pub fn required(&self) -> bool {
        self.intern || !self.sensitive.is_empty()
    }

    /// Why, in `lang` ("you are an intern", "it mentions « grève »").
    pub fn reasons(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if self.intern {
            parts.push(match lang {
                Lang::Fr => "les posts des stagiaires sont toujours relus".to_string(),
                Lang::En => "interns' posts are always reviewed".to_string(),
            });
        }
        if !self.sensitive.is_empty() {
            parts.push(match lang {
                Lang::Fr => {
                    format!("il contient un mot sensible du guide (« {} »)", self.sensitive.join(" », « "))
                }
                Lang::En => format!(
                    "it contains a sensitive word from the guide (\"{}\")",
                    self.sensitive.join("\", \"")
                ),
            });
        }
        parts.join(match lang {
            Lang::Fr => " et ",
            Lang::En => " and ",
        })
    }
}

/// Whether `post`, changed by `actor`, needs review.
pub fn review_need(post: &Post, actor: &Actor, terms: &SensitiveTerms) -> ReviewNeed {
    ReviewNeed { intern: actor.role == Role::Intern, sensitive: terms.found_in(post) }
}

/// Why a status change was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Review is required and the actor cannot approve.
    NeedsApprover(ReviewNeed),
    /// The post is in review: only an approver moves it on or sends it back.
    InReviewNeedsApprover,
    /// Sending back needs a comment saying what to change.
    CommentRequired,
    /// A post in review goes back to draft only (sent back).
    SendBackToDraftOnly,
    /// `scheduled` needs a time.
    NoSchedule,
    /// Only an admin moves a published post back.
    PublishedIsFinal,
}

impl Refusal {
    /// Why, and what to do instead, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            Refusal::NeedsApprover(need) if fr => format!("une validation est nécessaire car {} : soumettez-le pour relecture (en relecture) ; une personne qui valide l'approuvera.", need.reasons(lang)),
            Refusal::NeedsApprover(need) => format!("review is required because {}: submit it for review (in-review); an approver will approve it.", need.reasons(lang)),
            Refusal::InReviewNeedsApprover if fr => "il est en relecture : seule une personne qui valide (approbateur ou admin) peut l'approuver ou le renvoyer.".into(),
            Refusal::InReviewNeedsApprover => "it is in review: only an approver or an admin can approve it or send it back.".into(),
            Refusal::CommentRequired if fr => "renvoyer un post demande un commentaire qui dit quoi changer.".into(),
            Refusal::CommentRequired => "sending a post back needs a comment saying what to change.".into(),
            Refusal::SendBackToDraftOnly if fr => "un post en relecture ne peut revenir qu'en brouillon (renvoyé avec un commentaire).".into(),
            Refusal::SendBackToDraftOnly => "a post in review can only go back to draft (sent back with a comment).".into(),
            Refusal::NoSchedule if fr => "un post programmé a besoin d'une date : donnez-lui une heure d'abord.".into(),
            Refusal::NoSchedule => "a scheduled post needs a time: give it one first.".into(),
            Refusal::PublishedIsFinal if fr => "il est déjà publié ; seul un admin peut annuler « publié ».".into(),
            Refusal::PublishedIsFinal => "it is already published; only an admin can undo \"published\".".into(),
        }
    }
}

/// Checks moving `post` to `to` by `actor` (with `comment`), when `need` says whether review is
/// required. `Ok` carries the review event to record, if the move is a review step.
pub fn check_transition(
    post: &Post,
    to: Status,
    actor: &Actor,
    comment: &str,
    need: &ReviewNeed,
) -> Result<Option<ReviewAction>, Refusal> {
    let from = post.status;
    if from == to {
        return Ok(None);
    }
    if from == Status::Published && actor.role != Role::Admin {
        return Err(Refusal::PublishedIsFinal);
    }
    if to < from {
        if from != Status::InReview {
            // Back into review (re-submitted after approval) is a review step; other moves back are not.
            return Ok((to == Status::InReview).then_some(ReviewAction::Submitted));
        }
        if !actor.role.can_approve() {
            return Err(Refusal::InReviewNeedsApprover);
        }
        if to != Status::Draft {
            return Err(Refusal::SendBackToDraftOnly);
        }
        if comment.trim().is_empty() {
            return Err(Refusal::CommentRequired);
        }
        return Ok(Some(ReviewAction::SentBack));
    }
    if to == Status::Scheduled && post.schedule.is_none() {
        return Err(Refusal::NoSchedule);
    }
    if to == Status::InReview {
        return Ok(Some(ReviewAction::Submitted));
    }
    // Past the approval gate (into approved, scheduled or published from before it).
    if from < Status::Approved {
        if from == Status::InReview && !actor.role.can_approve() {
            return Err(Refusal::InReviewNeedsApprover);
        }
        if from == Status::InReview || need.required() {
            if !actor.role.can_approve() {
                return Err(Refusal::NeedsApprover(need.clone()));
            }
            return Ok(Some(ReviewAction::Approved));
        }
    }
    Ok(None)
}

/// A status's name as files and the CLI write it (`in-review`).
pub fn status_name(status: Status) -> &'static str {
    match status {
        Status::Idea => "idea",
        Status::Draft => "draft",
        Status::InReview => "in-review",
        Status::Approved => "approved",
        Status::Scheduled => "scheduled",
        Status::Published => "published",
    }
}

/// A status's name for people, in `lang`.
pub fn status_label(status: Status, lang: Lang) -> &'static str {
    match (status, lang) {
        (Status::Idea, Lang::Fr) => "idée",
        (Status::Draft, Lang::Fr) => "brouillon",
        (Status::InReview, Lang::Fr) => "en relecture",
        (Status::Approved, Lang::Fr) => "validé",
        (Status::Scheduled, Lang::Fr) => "programmé",
        (Status::Published, Lang::Fr) => "publié",
        (s, Lang::En) => status_name(s),
    }
}

/// Parses a status name (`in-review`; `review` and `in_review` are accepted too).
pub fn parse_status(s: &str) -> Option<Status> {
    match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "idea" => Some(Status::Idea),
        "draft" => Some(Status::Draft),
        "in-review" | "review" => Some(Status::InReview),
        "approved" => Some(Status::Approved),
        "scheduled" => Some(Status::Scheduled),
        "published" => Some(Status::Published),
        _ => None,
    }
}
