//! One test per conversion rule, on tiny inline documents.
