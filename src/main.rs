use std::process::ExitCode;

fn main() -> ExitCode {
    dgs::run(std::env::args_os())
}
