//! Search items in the shapes the vendor's published search schema declares
//! (tests/fixtures/search_shapes/): a past position's single `industry`,
//! `{year, month}` dates, typed education and school details, a note with no
//! author, and every attachment kind plus one this version does not know. All
//! decode as sent: no correction, nothing undecoded, and strict mode passes.

use crate::common::search_page_from;
use postpress::{Page, PostSearchAttachment, SearchResult};

async fn vendor_shapes_page() -> Page<SearchResult> {
    let page = search_page_from("search_shapes/linkedin_search.vendor_shapes.json").await;
    assert!(page.undecoded().is_empty(), "{:?}", page.undecoded());
    assert!(page.corrections().is_empty(), "{:?}", page.corrections());
    page
}

#[tokio::test]
async fn people_shapes_decode_as_sent() {
    let page = vendor_shapes_page().await;
    let Some(SearchResult::People(person)) = page.items().first() else {
        panic!("a PEOPLE result first: {:?}", page.items());
    };
    let current = &person.current_positions[0];
    assert_eq!(current.industry, ["Software Development", "Computing"]);
    assert_eq!(current.company_id, None);
    assert_eq!(current.company_headcount, None);
    let skills = current.skills.as_deref().expect("skills sent");
    assert_eq!(
        (skills[0].name.as_str(), skills[0].endorsement_count),
        ("Rust", 12)
    );

    let [past, older] = person.work_experience.as_slice() else {
        panic!("two past positions: {:?}", person.work_experience);
    };
    assert_eq!(past.industry.as_deref(), Some("Machinery Manufacturing"));
    assert_eq!(older.industry, None, "a null industry is None");
    let end = past.end.as_ref().expect("an end");
    assert_eq!((end.year, end.month), (Some(2022), Some(12)));
    let headcount = past.company_headcount.as_ref().expect("a headcount");
    assert_eq!((headcount.min, headcount.max), (Some(11), Some(50)));

    let education = &person.education[0];
    assert_eq!(
        (education.degree.as_deref(), education.school.as_deref()),
        (None, Some("University of London"))
    );
    let start = education.start.as_ref().expect("a start");
    assert_eq!((start.year, start.month), (Some(2010), Some(9)));
    let school = education.school_details.as_ref().expect("school details");
    assert_eq!(
        (school.employee_count, school.logo.as_deref()),
        (Some(5000), None)
    );

    let certification_start = person.certifications[0].start.as_ref().expect("a start");
    assert_eq!(certification_start.year, Some(2019));
    assert_eq!(certification_start.month.as_deref(), Some("March"));
    assert_eq!(person.projects[0].skills, ["Mathematics"]);
    assert_eq!(person.tags[0].name.as_deref(), Some("shortlist"));
    let note = &person.notes[0];
    assert_eq!(note.content, "Strong Rust background");
    assert!(note.author.is_none(), "a note with no author decodes");
    assert!(page.clone().strict().is_ok(), "nothing departs");
}

#[tokio::test]
async fn every_attachment_kind_decodes_and_an_unknown_one_is_kept() {
    let page = vendor_shapes_page().await;
    let Some(SearchResult::Post(post)) = page.items().get(1) else {
        panic!("a POST result second: {:?}", page.items());
    };
    let [
        PostSearchAttachment::Image(image),
        PostSearchAttachment::Video(video),
        PostSearchAttachment::Audio(audio),
        PostSearchAttachment::File(file),
        PostSearchAttachment::LinkedinPost(shared),
        PostSearchAttachment::VideoMeeting(meeting),
        PostSearchAttachment::Unknown(carousel),
    ] = post.attachments.as_slice()
    else {
        panic!("seven attachments, in order: {:?}", post.attachments);
    };
    let size = image.size.as_ref().expect("a size");
    assert_eq!(
        (size.width, size.height, image.sticker),
        (Some(800), Some(600), Some(false))
    );
    assert_eq!(video.gif, Some(true));
    assert_eq!((audio.duration, audio.voice_note), (Some(12.5), Some(true)));
    assert_eq!(
        (file.file_name.as_deref(), file.file_size),
        (Some("deck.pdf"), Some(204800))
    );
    assert_eq!(shared.unavailable, Some(true));
    assert_eq!(
        (meeting.starts_at, meeting.expires_at),
        (Some(1767225600000), None)
    );
    assert_eq!(carousel["slides"], 3, "an unknown kind is kept as sent");

    let poll = post.poll.as_ref().expect("a poll");
    assert_eq!(
        (poll.total_votes_count, poll.options[0].win),
        (Some(10), Some(true))
    );
    let analytics = post.analytics.as_ref().expect("analytics");
    assert_eq!(
        (analytics.members_reached, analytics.engagement_rate),
        (Some(90), Some(0.033))
    );
    assert_eq!(post.mentions[0].start, Some(9));
    assert_eq!(post.group.as_ref().and_then(|g| g.private), Some(true));
}
