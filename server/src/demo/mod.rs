//! The synthetic demo province.
