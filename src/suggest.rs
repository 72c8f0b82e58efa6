//! Placeholder until the diagnostics branch lands.
pub fn did_you_mean<'a>(_input: &str, _c: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    None
}
