//! Server functions: public endpoints, each a thin shell that reads the request,
//! calls a service and returns shared model types.

pub mod accounts;
pub mod applications;
pub mod company;
pub mod jobs;
pub mod moderation;
pub mod postings;
