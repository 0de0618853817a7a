//! Apache Flink's REST API as kinetic reads it: the answers' wire shapes, tolerant of Flink 1.20 and 2.x, and their reading into the job graph. (The client reads; nothing on screen uses it yet.)
pub mod client;
pub mod wire;
