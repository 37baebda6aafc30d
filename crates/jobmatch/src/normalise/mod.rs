//! Normalisation of the values that matching compares: free text, skill names,
//! occupation and division codes, and coordinates.

pub mod codes;
pub mod geo;
pub mod skills;
pub mod text;
