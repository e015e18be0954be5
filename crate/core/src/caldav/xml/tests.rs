//! Multistatus answers shaped as real servers write them: Radicale 3 (default namespace `DAV:`,
//! `C:` for CalDAV), Nextcloud/sabre (`d:`, `cal:`, `cs:`, `oc:`, `nc:`), and odd but valid
//! prefix choices.

use super::*;

const RADICALE_PRINCIPAL: &str = r#"<?xml version='1.0' encoding='utf-8'?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><response><href>/</href><propstat><prop><current-user-principal><href>/anna/</href></current-user-principal><resourcetype><collection /></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat><propstat><prop><C:supported-calendar-component-set /></prop><status>HTTP/1.1 404 Not Found</status></propstat></response></multistatus>"#;

const RADICALE_CALENDARS: &str = r#"<?xml version='1.0' encoding='utf-8'?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/"><response><href>/anna/</href><propstat><prop><resourcetype><principal /><collection /></resourcetype><C:calendar-home-set><href>/anna/</href></C:calendar-home-set></prop><status>HTTP/1.1 200 OK</status></propstat><propstat><prop><displayname /><CS:getctag /><sync-token /><C:supported-calendar-component-set /></prop><status>HTTP/1.1 404 Not Found</status></propstat></response><response><href>/anna/a6c47da7-ec93-4a1a-a2da-f9391f7f0cf3/</href><propstat><prop><resourcetype><C:calendar /><collection /></resourcetype><displayname>Porte-voix</displayname><CS:getctag>"c73ab88f"</CS:getctag><sync-token>http://radicale.org/ns/sync/df4e662d</sync-token><C:supported-calendar-component-set><C:comp name="VTODO" /><C:comp name="VEVENT" /><C:comp name="VJOURNAL" /></C:supported-calendar-component-set></prop><status>HTTP/1.1 200 OK</status></propstat><propstat><prop><C:calendar-home-set /></prop><status>HTTP/1.1 404 Not Found</status></propstat></response></multistatus>"#;

const RADICALE_SYNC: &str = r#"<?xml version='1.0' encoding='utf-8'?>
<multistatus xmlns="DAV:"><sync-token>http://radicale.org/ns/sync/df4e662d</sync-token><response><href>/anna/cal/p2.ics</href><propstat><prop><getetag>"caed2af3"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response><response><href>/anna/cal/p1.ics</href><propstat><prop><getetag>"0080132e"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"#;

const NEXTCLOUD_CALENDARS: &str = r#"<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">
 <d:response>
  <d:href>/remote.php/dav/calendars/anna/</d:href>
  <d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
  <d:propstat><d:prop><d:displayname/><cs:getctag/><d:sync-token/><cal:supported-calendar-component-set/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>
 </d:response>
 <d:response>
  <d:href>/remote.php/dav/calendars/anna/personal/</d:href>
  <d:propstat>
   <d:prop>
    <d:resourcetype><d:collection/><cal:calendar/></d:resourcetype>
    <d:displayname>Personnel &amp; équipe</d:displayname>
    <cs:getctag>http://sabre.io/ns/sync/42</cs:getctag>
    <d:sync-token>http://sabre.io/ns/sync/42</d:sync-token>
    <cal:supported-calendar-component-set><cal:comp name="VEVENT"/></cal:supported-calendar-component-set>
   </d:prop>
   <d:status>HTTP/1.1 200 OK</d:status>
  </d:propstat>
 </d:response>
 <d:response>
  <d:href>/remote.php/dav/calendars/anna/tasks/</d:href>
  <d:propstat>
   <d:prop>
    <d:resourcetype><d:collection/><cal:calendar/></d:resourcetype>
    <d:displayname>Tâches</d:displayname>
    <cal:supported-calendar-component-set><cal:comp name="VTODO"/></cal:supported-calendar-component-set>
   </d:prop>
   <d:status>HTTP/1.1 200 OK</d:status>
  </d:propstat>
 </d:response>
 <d:response>
  <d:href>/remote.php/dav/calendars/anna/inbox/</d:href>
  <d:propstat><d:prop><d:resourcetype><d:collection/><cal:schedule-inbox/></d:resourcetype></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
 </d:response>
</d:multistatus>"#;

const NEXTCLOUD_SYNC: &str = r#"<?xml version="1.0"?>
<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns">
 <d:response><d:href>/remote.php/dav/calendars/anna/personal/p1.ics</d:href><d:propstat><d:prop><d:getetag>&quot;8d3f1c&quot;</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
 <d:response><d:href>/remote.php/dav/calendars/anna/personal/gone%40x.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>
 <d:sync-token>http://sabre.io/ns/sync/43</d:sync-token>
</d:multistatus>"#;

const NEXTCLOUD_MULTIGET: &str = "<?xml version=\"1.0\"?>\n<d:multistatus xmlns:d=\"DAV:\" xmlns:cal=\"urn:ietf:params:xml:ns:caldav\"><d:response><d:href>/remote.php/dav/calendars/anna/personal/p1.ics</d:href><d:propstat><d:prop><d:getetag>&quot;8d3f1c&quot;</d:getetag><cal:calendar-data>BEGIN:VCALENDAR&#13;\nVERSION:2.0&#13;\nBEGIN:VEVENT&#13;\nUID:p1@porte-voix&#13;\nSUMMARY:Caf\u{e9} &amp; croissants &lt;3&#13;\nEND:VEVENT&#13;\nEND:VCALENDAR&#13;\n</cal:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response><d:response><d:href>/remote.php/dav/calendars/anna/personal/missing.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response></d:multistatus>";

#[test]
fn radicale_principal_default_namespace_and_404_propstat_ignored() {
    let ms = parse_multistatus(RADICALE_PRINCIPAL).unwrap();
    assert_eq!(ms.responses.len(), 1);
    let r = &ms.responses[0];
    assert_eq!(r.href, "/");
    assert_eq!(r.props.principal.as_deref(), Some("/anna/"));
    assert!(r.props.is_collection && !r.props.is_calendar);
    assert!(r.props.components.is_empty(), "a 404 propstat contributes nothing");
}

#[test]
fn radicale_calendar_listing() {
    let ms = parse_multistatus(RADICALE_CALENDARS).unwrap();
    let [home, cal] = ms.responses.as_slice() else { panic!("{ms:?}") };
    assert_eq!(home.props.calendar_home, ["/anna/"]);
    assert!(!home.props.is_calendar && home.props.display_name.is_none());
    assert!(cal.props.is_calendar && cal.props.is_collection);
    assert_eq!(cal.props.display_name.as_deref(), Some("Porte-voix"));
    assert_eq!(cal.props.ctag.as_deref(), Some("\"c73ab88f\""));
    assert_eq!(cal.props.sync_token.as_deref(), Some("http://radicale.org/ns/sync/df4e662d"));
    assert_eq!(cal.props.components, ["VTODO", "VEVENT", "VJOURNAL"]);
}

#[test]
fn radicale_sync_collection_token_before_responses() {
    let ms = parse_multistatus(RADICALE_SYNC).unwrap();
    assert_eq!(ms.sync_token.as_deref(), Some("http://radicale.org/ns/sync/df4e662d"));
    let etags: Vec<_> = ms.responses.iter().map(|r| (r.href.as_str(), r.props.etag.as_deref())).collect();
    assert_eq!(
        etags,
        [("/anna/cal/p2.ics", Some("\"caed2af3\"")), ("/anna/cal/p1.ics", Some("\"0080132e\""))]
    );
}

#[test]
fn nextcloud_calendars_with_entities_and_component_sets() {
    let ms = parse_multistatus(NEXTCLOUD_CALENDARS).unwrap();
    assert_eq!(ms.responses.len(), 4);
    let personal = &ms.responses[1];
    assert_eq!(personal.props.display_name.as_deref(), Some("Personnel & équipe"));
    assert_eq!(personal.props.components, ["VEVENT"]);
    assert!(ms.responses[2].props.is_calendar && ms.responses[2].props.components == ["VTODO"]);
    assert!(!ms.responses[3].props.is_calendar, "a schedule inbox is not a calendar");
}

#[test]
fn nextcloud_sync_collection_with_a_removed_member_and_token_last() {
    let ms = parse_multistatus(NEXTCLOUD_SYNC).unwrap();
    assert_eq!(ms.sync_token.as_deref(), Some("http://sabre.io/ns/sync/43"));
    assert_eq!(ms.responses[0].props.etag.as_deref(), Some("\"8d3f1c\""), "&quot; decoded");
    assert_eq!(ms.responses[0].status, None);
    assert_eq!(ms.responses[1].status, Some(404));
    assert_eq!(ms.responses[1].href, "/remote.php/dav/calendars/anna/personal/gone%40x.ics");
}

#[test]
fn nextcloud_multiget_calendar_data_is_unescaped_exactly() {
    let ms = parse_multistatus(NEXTCLOUD_MULTIGET).unwrap();
    let data = ms.responses[0].props.calendar_data.as_deref().unwrap();
    assert!(data.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{data:?}");
    assert!(data.contains("SUMMARY:Café & croissants <3\r\n"));
    assert_eq!(ms.responses[1].status, Some(404));
    assert!(ms.responses[1].props.calendar_data.is_none());
}

#[test]
fn prefixes_do_not_matter_namespaces_do() {
    // Upper-case `D:` for DAV, CalDAV as the default namespace inside a response, and elements
    // of another namespace with the same local names, which must be ignored.
    let body = r#"<D:multistatus xmlns:D="DAV:"><D:response><D:href>/cal/a.ics</D:href><x:href xmlns:x="urn:other">/wrong</x:href>
      <D:propstat><D:prop><D:getetag>"1"</D:getetag><o:getetag xmlns:o="urn:other">"2"</o:getetag>
      <calendar-data xmlns="urn:ietf:params:xml:ns:caldav"><![CDATA[BEGIN:VCALENDAR
END:VCALENDAR]]></calendar-data></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>"#;
    let ms = parse_multistatus(body).unwrap();
    let r = &ms.responses[0];
    assert_eq!(r.href, "/cal/a.ics");
    assert_eq!(r.props.etag.as_deref(), Some("\"1\""));
    assert_eq!(r.props.calendar_data.as_deref(), Some("BEGIN:VCALENDAR\nEND:VCALENDAR"));
    // The same document with DAV bound to another prefix in a nested scope.
    let nested = r#"<a:multistatus xmlns:a="DAV:"><b:response xmlns:b="DAV:"><b:href>/x</b:href></b:response></a:multistatus>"#;
    assert_eq!(parse_multistatus(nested).unwrap().responses[0].href, "/x");
}

#[test]
fn not_multistatus_and_malformed_bodies_are_told_apart() {
    assert!(matches!(
        parse_multistatus("<html><body>Login</body></html>"),
        Err(XmlProblem::NotMultistatus(_))
    ));
    assert!(matches!(
        parse_multistatus(r#"<multistatus xmlns="urn:not-dav"/>"#),
        Err(XmlProblem::NotMultistatus(_))
    ));
    assert!(matches!(
        parse_multistatus(r#"<d:multistatus xmlns:d="DAV:"><d:response>"#),
        Err(XmlProblem::Malformed(_))
    ));
    assert!(matches!(
        parse_multistatus(r#"<d:multistatus xmlns:d="DAV:"><d:response></d:multistatus>"#),
        Err(XmlProblem::Malformed(_))
    ));
    assert!(parse_multistatus("").is_err());
}

#[test]
fn request_bodies_escape_what_they_carry() {
    let body = sync_collection(Some("tok<&>"));
    assert!(body.contains("<d:sync-token>tok&lt;&amp;&gt;</d:sync-token>"));
    assert!(sync_collection(None).contains("<d:sync-token></d:sync-token>"));
    let get = calendar_multiget(["/cal/a&b.ics"]);
    assert!(get.contains("<d:href>/cal/a&amp;b.ics</d:href>"));
}
