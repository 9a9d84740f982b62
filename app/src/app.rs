//! The HTML shell, the `<App/>` root with its routes, and the language context.
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

use crate::api::me::get_me;
use crate::components::header::Header;
use crate::i18n::Lang;
use crate::lazy_pages::{
    AgencyBoardRoute, AssistFormRoute, CaseFileRoute, HouseholdsRoute, ImportColumnsRoute, ImportPreviewRoute,
    ImportsRoute, MapRoute, MergeCandidatesRoute, OwnerBoardRoute, OwnerMoveRoute, PlanNewRoute, PlanPrintRoute,
    PlanRoute, PlansRoute, StageBoardRoute, StageMoveRoute, StatusMoveRoute, VisitFormRoute, WarRoomRoute,
};
use crate::pages::{field_household::FieldHouseholdPage, login::LoginPage, my_work::MyWorkPage, not_found::NotFound};

/// The page's language: from the cookie on the server, from `<html lang>` in the browser
/// (which the server wrote), so both render the same text.
pub fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|p| {
                p.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()).map(Lang::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        #[cfg(feature = "hydrate")]
        {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
                .and_then(|e| e.get_attribute("lang"))
                .map(|l| Lang::from_code(&l))
                .unwrap_or_default()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            Lang::default()
        }
    }
}

/// The language of the current page.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The site's stylesheet, read once from the built site: written into each page's `<head>`, so
/// a phone on a slow connection paints without waiting one more round trip for a CSS file.
#[cfg(feature = "ssr")]
fn inline_css(options: &LeptosOptions) -> &'static str {
    static CSS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CSS.get_or_init(|| {
        let path = std::path::Path::new(&*options.site_root)
            .join(&*options.site_pkg_dir)
            .join(format!("{}.css", options.output_name));
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            tracing::error!(path = %path.display(), error = %e, "the site's stylesheet is missing");
            String::new()
        })
    })
}

/// When the page may fetch Sarabun (by adding `web-fonts` to `<html>`, which switches the text
/// font in the stylesheet). With the service worker in control the fonts come from the phone, so
/// at once. On a first visit only when the page has hydrated (`hakpaeng:hydrated`, or after 10 s
/// if it never does): the six font files are 66 KB, which on a slow link would otherwise share
/// the bandwidth with the WebAssembly bundle and delay the moment the page answers a tap. The
/// faces load first and the text switches once, not weight by weight.
const WEB_FONTS: &str = r#"(function(){var h=document.documentElement,on=function(){h.classList.add("web-fonts")};
if(navigator.serviceWorker&&navigator.serviceWorker.controller){on();return}
var t=setTimeout(go,10000);addEventListener("hakpaeng:hydrated",go);
function go(){clearTimeout(t);removeEventListener("hakpaeng:hydrated",go);var f=document.fonts;
if(!f||!f.load){on();return}
Promise.all(["400","600","700"].map(function(w){return f.load(w+" 1em Sarabun","\u0e01A")})).then(on,on)}})();"#;

/// Without JavaScript nothing waits for hydration: Sarabun at once.
const WEB_FONTS_WITHOUT_SCRIPT: &str = r#":root{--font-text:"Sarabun",var(--font-system)}"#;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = initial_lang();
    #[cfg(feature = "ssr")]
    let css = inline_css(&options);
    #[cfg(not(feature = "ssr"))]
    let css = "";
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#23305c"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // The bundle's preload links first: a slow link reaches them before the stylesheet.
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <style id="site-css" inner_html=css></style>
                <script inner_html=WEB_FONTS></script>
                <noscript><style inner_html=WEB_FONTS_WITHOUT_SCRIPT></style></noscript>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = initial_lang();
    provide_context(lang);
    crate::components::outbox::provide_outbox(lang);
    let me = Resource::new_blocking(|| (), |_| get_me());
    view! {
        <Link rel="manifest" href="/manifest.webmanifest"/>
        <Title formatter=move |page: String| {
            if page.is_empty() { "ฮักแพง Hakpaeng".to_string() } else { format!("{page} · ฮักแพง") }
        }/>
        <Router>
            <Header me/>
            <main id="main" class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view={Lazy::<WarRoomRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/households") view={Lazy::<HouseholdsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/households/:id") view={Lazy::<CaseFileRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/households/:id/visit") view={Lazy::<VisitFormRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/field") view=MyWorkPage ssr=SsrMode::Async/>
                    <Route path=path!("/field/households/:id") view=FieldHouseholdPage ssr=SsrMode::Async/>
                    <Route path=path!("/field/households/:id/assist") view={Lazy::<AssistFormRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/imports") view={Lazy::<ImportsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/map") view={Lazy::<MapRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/boards/owners") view={Lazy::<OwnerBoardRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/boards/owners/move/:id") view={Lazy::<OwnerMoveRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/boards/stages") view={Lazy::<StageBoardRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/boards/stages/move/:id") view={Lazy::<StageMoveRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/boards/agency") view={Lazy::<AgencyBoardRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/boards/agency/move/:id") view={Lazy::<StatusMoveRoute>::new()} ssr=SsrMode::Async/>
                    // Before `/imports/:id`, which would otherwise take "merges" for an id.
                    <Route path=path!("/imports/merges") view={Lazy::<MergeCandidatesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/imports/columns/:sha") view={Lazy::<ImportColumnsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/imports/:id") view={Lazy::<ImportPreviewRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/plans") view={Lazy::<PlansRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/plans/new") view={Lazy::<PlanNewRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/plans/:id") view={Lazy::<PlanRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/plans/:id/print") view={Lazy::<PlanPrintRoute>::new()} ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>
                    {lang.t("ฮักแพง · ระบบปฏิบัติการขจัดความยากจน จังหวัดศรีสะเกษ", "Hakpaeng · Si Sa Ket poverty-eradication operations")}
                    " · "
                    {lang.t("ข้อมูลพื้นที่: กรมการปกครอง ผ่าน GeoThai (CC-BY-4.0), พิกัดโดยประมาณ: thailand-geodata (MIT)",
                        "Area data: DOPA via GeoThai (CC-BY-4.0); approximate coordinates: thailand-geodata (MIT)")}
                </p>
            </footer>
        </Router>
    }
}
