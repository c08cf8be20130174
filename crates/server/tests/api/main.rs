//! GraphQL tests through the real router on SQLite and on PostgreSQL: every test runs
//! once per database, each run on a database of its own that is dropped afterwards.

mod helpers;

mod accounts;
mod audit;
mod authorization;
mod durability;
mod events;
mod groups;
mod guests;
mod hardening;
mod ideas;
mod import;
mod inbox;
mod languages;
mod map;
mod migrations;
mod network;
mod open_data;
mod operating;
mod organisations;
mod outside_clients;
mod pages;
mod probing_accounts;
mod probing_answers;
mod probing_edges;
mod probing_operations;
mod projects;
mod safety;
mod self_service;
mod statements;
mod tokens;
