//! Server-only code: state, authentication and the database layer.
