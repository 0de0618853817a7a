//! What a screen waits for before it can act on an Enter the operator already pressed (the keys
//! typed meanwhile are held in `Model::typed_ahead`).
use super::modal::Modal;
use super::model::Model;
use super::route::Route;

/// What the screen waits for before it can act on an Enter already pressed.
pub fn waiting_for(model: &Model) -> Option<&'static str> {
    match &model.modal {
        Some(Modal::Planner(p)) if p.submitted => Some("the stream's shards, limits and traffic"),
        Some(Modal::App(d)) if d.planning.is_some() || d.submitted => {
            Some("the application's facts")
        }
        Some(_) => None,
        None if matches!(model.route(), Route::Rollback(_))
            && model.rollback.as_ref().is_some_and(|p| p.plan_when_read) =>
        {
            Some("the guide's reading of the application")
        }
        None => None,
    }
}
