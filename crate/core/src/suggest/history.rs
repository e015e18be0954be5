//! History import (placeholder, filled in next).
