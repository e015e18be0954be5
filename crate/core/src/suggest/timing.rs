//! Best time to post (placeholder, filled in next).
