//! The `chkmate` binary: parse, run, exit with the contract's status.

fn main() {
    let status = chkmate::run(std::env::args_os());
    std::process::exit(status.code());
}
