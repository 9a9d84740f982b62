//! Pages compiled into their own WebAssembly chunks, fetched when the page is first opened
//! (`cargo leptos build --split`): the ones a field officer's phone rarely opens (boards,
//! imports, lists, plans, the WAR Room) and the two field forms (visit, assistance), which are
//! large and opened from the quick view. The quick view, My work and sign-in stay in the main
//! bundle, so a phone on a weak signal starts them sooner; the service worker keeps the forms'
//! chunks on the phone (`public/sw.js`), so they open offline too.
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use crate::pages;

macro_rules! lazy_page {
    ($route:ident => $module:ident :: $page:ident) => {
        #[doc = concat!("`", stringify!($page), "`, loaded as its own chunk.")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <pages::$module::$page/> }.into_any()
            }
        }
    };
}

lazy_page!(WarRoomRoute => war_room::WarRoomPage);
lazy_page!(HouseholdsRoute => households::HouseholdsPage);
lazy_page!(CaseFileRoute => case_file::CaseFilePage);
lazy_page!(ImportsRoute => imports::ImportsPage);
lazy_page!(ImportPreviewRoute => import_preview::ImportPreviewPage);
lazy_page!(ImportColumnsRoute => import_columns::ImportColumnsPage);
lazy_page!(MergeCandidatesRoute => merge_candidates::MergeCandidatesPage);
lazy_page!(OwnerBoardRoute => owner_board::OwnerBoardPage);
lazy_page!(OwnerMoveRoute => owner_move::OwnerMovePage);
lazy_page!(StageBoardRoute => stage_board::StageBoardPage);
lazy_page!(StageMoveRoute => stage_move::StageMovePage);
lazy_page!(AgencyBoardRoute => agency_board::AgencyBoardPage);
lazy_page!(StatusMoveRoute => status_move::StatusMovePage);
lazy_page!(PlansRoute => plans::PlansPage);
lazy_page!(PlanNewRoute => plan_new::PlanNewPage);
lazy_page!(PlanRoute => plan::PlanPage);
lazy_page!(PlanPrintRoute => plan_print::PlanPrintPage);
lazy_page!(MapRoute => map::MapPage);
lazy_page!(VisitFormRoute => visit_form::VisitFormPage);
lazy_page!(AssistFormRoute => assist_form::AssistFormPage);
