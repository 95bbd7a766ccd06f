pub mod yaml;
pub mod term;
