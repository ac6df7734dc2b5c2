//! Policies: loader, engine, built-in checks and suppressions.
