//! Placeholder for the diff (helper `autodiff` owns this folder).
