// Empty: `[build-dependencies]` only align the generator's features between
// the SDK's build script and xtask's tests (Cargo.toml).
fn main() {}
