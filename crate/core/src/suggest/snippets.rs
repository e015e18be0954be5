//! Quick-reply snippets (placeholder, filled in next).
