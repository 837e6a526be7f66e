//! Why a command failed, and the exit status and stderr line each kind of failure gives.

use std::process::ExitCode;

use tinyjose_std::tinyjose;

/// A failed command.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The token was refused: exit 1, `error[CODE]: message`.
    Rejected(tinyjose_std::Error),
    /// The token was refused, with a message more precise than the error's own: exit 1.
    RejectedWith(tinyjose_std::Error, String),
    /// A usage error or an unusable key file: exit 2, `error: message`.
    Usage(String),
    /// A valid authorization error response, already printed on stdout: exit 3, nothing on
    /// stderr.
    ErrorResponse,
}

impl Failure {
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::Usage(message.into())
    }

    /// The system clock reads before 1970, so no time can be checked against it.
    pub(crate) fn clock(error: std::time::SystemTimeError) -> Self {
        Self::Usage(format!(
            "the system clock is set before 1970 ({error}); set it, or pass --now"
        ))
    }

    /// A key file that cannot be used, with the file named and the error's sources chained.
    pub(crate) fn key_file(path: &str, error: &dyn core::error::Error) -> Self {
        Self::Usage(format!("key file {path}: {}", chain(error)))
    }

    pub(crate) fn report(self) -> ExitCode {
        match self {
            Self::Rejected(e) => {
                eprintln!("error[{}]: {}", e.code(), chain(&e));
                ExitCode::from(1)
            }
            Self::RejectedWith(e, message) => {
                eprintln!("error[{}]: {message}", e.code());
                ExitCode::from(1)
            }
            Self::Usage(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
            Self::ErrorResponse => ExitCode::from(3),
        }
    }
}

impl From<tinyjose_std::Error> for Failure {
    fn from(e: tinyjose_std::Error) -> Self {
        Self::Rejected(e)
    }
}

impl From<tinyjose::Error> for Failure {
    fn from(e: tinyjose::Error) -> Self {
        Self::Rejected(e.into())
    }
}

/// The error and its sources, joined by `": "`, skipping a source that only repeats its parent.
pub(crate) fn chain(error: &dyn core::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        let next = e.to_string();
        if !text.ends_with(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = e.source();
    }
    text
}
