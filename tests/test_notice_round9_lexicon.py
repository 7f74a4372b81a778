"""pia.notice vocabulary of round 9 (the lexicons in pia/data/lexicons), each on small sentences written for
these tests (none copied from a benchmark notice): everyday phrasings of data that mapped to no category or
to one more or less specific than benchmarks/notices/GUIDELINES.md says, recipient classes the lexicon
lacked, verbs of collection and disclosure, and well-known vendors that privacy notices commonly name."""
from __future__ import annotations

import pytest

from tests.test_notice_generalise import pairs


# --- "legitimate interests" is a legal basis, not the person's interests ---------------------------------

@pytest.mark.parametrize("text", [
    "We process your name for our legitimate interests.",
    "We keep your name because it is in our legitimate interests to do so.",
])
def test_a_legal_basis_names_no_interests(text):
    assert pairs(text) == [("first_party", "user.name", False)]


def test_vital_interests_are_no_data():
    assert pairs("Where it is in your vital interests, we may call an ambulance.") == []


@pytest.mark.parametrize("text", [
    "We note your hobbies and interests so that we can suggest clubs.",
    "We record your interests when you fill in your profile.",
    "We record the topics you are interested in.",
])
def test_the_persons_interests_are_behaviour(text):
    assert pairs(text) == [("first_party", "user.behavior", False)]


# --- a voice heard in a call is content; an encoded voice is biometric -----------------------------------

def test_a_voice_in_a_call_is_content():
    assert pairs("Zoom processes your voice during each call.") == [("zoom", "user.content", False)]


def test_voicemail_is_content():
    assert pairs("We keep your voicemails for a month.") == [("first_party", "user.content", False)]


@pytest.mark.parametrize("text", [
    "We store a voiceprint to recognise you when you call.",
    "We keep a voice template so the app knows it is you.",
])
def test_an_encoded_voice_is_biometric(text):
    assert pairs(text) == [("first_party", "user.biometric.voice", False)]


# --- codes that open the person's home or account are credentials ----------------------------------------

@pytest.mark.parametrize("text", [
    "We ask for your PIN.",
    "Our app sends your login code to your phone.",
    "We store your recovery codes encrypted.",
])
def test_codes_that_sign_the_person_in_are_credentials(text):
    assert pairs(text) == [("first_party", "user.authorization.credentials", False)]


@pytest.mark.parametrize("text", [
    "We ask for the key-safe code so that carers can let themselves in.",
    "We keep the door code of your building on your file.",
])
def test_a_code_that_opens_a_door_is_no_credential(text):
    assert not [p for p in pairs(text) if p[1] == "user.authorization.credentials"]


def test_a_card_security_code_stays_card_data():
    assert pairs("We never store your card security code.") == [("first_party", "user.financial.credit_card", True)]


# --- mood and wellbeing are health data ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The app stores your daily mood score.",
    "We keep your mood check-ins on your phone and on our servers.",
    "We record how you're feeling after each session.",
])
def test_mood_is_health(text):
    assert pairs(text) == [("first_party", "user.health_and_medical", False)]


def test_a_stress_level_of_the_organisation_is_no_data():
    assert pairs("Our stress levels are high this year, so we ask for patience.") == []


# --- identifiers: health service numbers, member and meter numbers --------------------------------------

def test_a_health_service_number_is_a_medical_record_id():
    assert pairs("We ask for your NHS number when you register.") == [
        ("first_party", "user.health_and_medical.record_id", False)]


@pytest.mark.parametrize("text", [
    "We collect your meter number when you switch supplier.",
    "We collect your MPAN when you switch supplier.",
    "Salesforce receives your member number.",
])
def test_member_and_meter_numbers_are_unique_ids(text):
    party = "salesforce" if text.startswith("Salesforce") else "first_party"
    assert pairs(text) == [(party, "user.unique_id", False)]


def test_a_health_insurance_member_number_stays_specific():
    assert pairs("We ask for your health insurance member number.") == [
        ("first_party", "user.health_and_medical.insurance_beneficiary_id", False)]


# --- what the person bought, booked or stayed ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "We keep your stay history.",
    "We analyse what you spent in our restaurants.",
    "We keep your booking history and your stays for a year.",
])
def test_stays_spending_and_points_are_purchase_history(text):
    assert pairs(text) == [("first_party", "user.behavior.purchase_history", False)]


def test_an_account_balance_stays_financial():
    assert pairs("We keep your account balance.") == [("first_party", "user.financial", False)]


# --- photos of things are content, photos of the person their image --------------------------------------

@pytest.mark.parametrize("text", [
    "We ask for photographs of your roof before the survey.",
    "We ask for photos of your car after an accident.",
    "You can send us photos of your pet.",
])
def test_photos_of_the_persons_things_are_content(text):
    assert pairs(text) == [("first_party", "user.content", False)]


def test_a_photo_of_the_person_is_still_their_image():
    assert pairs("We ask for a photo of you for your membership card.") == [("first_party", "user.content.self_image", False)]


# --- readings of a device (GUIDELINES: user.sensor) ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The insurer receives telematics data from the box in your car.",
    "The insurer receives black box data from your car.",
])
def test_telematics_are_sensor_readings(text):
    assert pairs(text) == [("professional_advisers", "user.sensor", False)]


def test_inverter_readings_are_sensor_readings():
    assert pairs("We collect inverter readings every hour.") == [("first_party", "user.sensor", False)]


# --- where the person was: user.location unless the words say precise (GPS, exact, live) -------------------

@pytest.mark.parametrize("text, party", [
    ("We keep the pickup and drop-off addresses of each ride.", "first_party"),
    ("The courier sees your pick-up address.", "delivery_providers"),
    ("Your employer receives your charging locations.", "employers"),
    ("Google receives the pickup and destination points of your trip.", "google"),
])
def test_places_the_person_was_are_locations(text, party):
    assert pairs(text) == [(party, "user.location", False)]


@pytest.mark.parametrize("text", [
    "The app reads the GPS position of your phone.",
    "We collect your precise location while you ride.",
])
def test_words_saying_precise_keep_the_precise_key(text):
    assert pairs(text) == [("first_party", "user.location.precise", False)]


def test_a_home_address_stays_an_address():
    assert pairs("We ask for your home address.") == [("first_party", "user.contact.address", False)]


# --- banking pairs, employers, chats, account records, progress -------------------------------------------

def test_an_account_name_with_a_sort_code_is_a_bank_account():
    assert pairs("If you pay by bank transfer we keep your account name and sort code.") == [
        ("first_party", "user.financial.bank_account", False)]


@pytest.mark.parametrize("text", [
    "We collect your employer details.",
    "We ask for your current employer.",
    "We ask for the name of your employer.",
])
def test_the_persons_employer_is_their_workplace(text):
    assert pairs(text) == [("first_party", "user.workplace", False)]


def test_your_employer_as_recipient_stays_a_recipient():
    assert pairs("We share your name with your employer.") == [("employers", "user.name", False)]


@pytest.mark.parametrize("text", [
    "Support chats are stored in Zendesk.",
    "Our chat logs are stored in Zendesk.",
])
def test_chats_are_content(text):
    assert pairs(text) == [("zendesk", "user.content", False)]


def test_server_logs_are_a_place_not_data():
    assert pairs("We keep server logs for 30 days.") == []


@pytest.mark.parametrize("text", [
    "We keep customer account records for six years.",
    "We give account holder details to the police when the law requires it.",
])
def test_account_records_are_account_data(text):
    party = "law_enforcement" if "police" in text else "first_party"
    assert pairs(text) == [(party, "user.account", False)]


def test_progress_reports_are_behaviour_but_lesson_notes_no_key():
    assert pairs("We keep your progress reports for a year.") == [("first_party", "user.behavior", False)]
    assert not [p for p in pairs("Your instructor records lesson notes in our app.") if p[1] == "user.behavior"]


# --- recipient classes the lexicon lacked ------------------------------------------------------------------

@pytest.mark.parametrize("text, party", [
    ("If an invoice stays unpaid, we pass your name and address to a debt collection agency.", "debt_collectors"),
    ("Unpaid accounts may be sold to a debt purchaser, which receives your name and the amount owed.", "debt_collectors"),
    ("We send your postal address to our printing company so that your membership pack can be posted.", "printing_providers"),
    ("Your name and address go to a mailing house that prints and posts the annual letter.", "printing_providers"),
    ("Our printers receive your name and address for the printed newsletter.", "printing_providers"),
    ("We disclose your records to HM Coroner when an inquest is held.", "law_enforcement"),
    ("The Care Quality Commission can see care records during an inspection.", "law_enforcement"),
    ("We report your details to the Financial Conduct Authority when the rules require it.", "law_enforcement"),
    ("We pass your licence number to the DVLA to check your entitlement to drive.", "law_enforcement"),
    ("A professional regulator may receive your name and your complaint.", "law_enforcement"),
])
def test_recipient_classes_of_round9(text, party):
    assert party in {p for p, _, _ in pairs(text)}


def test_a_printer_in_the_office_is_no_recipient():
    assert pairs("You can print your ticket on any printer.") == []


def test_the_mailing_house_is_no_email_provider_any_more():
    assert "email_providers" not in {p for p, _, _ in pairs("A mailing house receives your postal address.")}


# --- well-known vendors, each with its class -----------------------------------------------------------------

_VENDORS = [
    # payments
    ("SumUp receives your card number when you pay in our shop.", "sumup"),
    ("Online card payments are processed by Checkout.com, which receives your card details.", "checkout_com"),
    ("Card payments are handled by Opayo, which receives your card details.", "opayo"),
    ("Card payments in the café go through Square Payments, which receives your card number.", "square"),
    ("Apple Pay never gives us your card number.", "apple_pay"),
    ("You can pay with Amazon Pay, which shares your name and email address with us.", "amazon_pay"),
    ("Bank payments are initiated through Trustly, which receives your bank account details.", "trustly"),
    ("If you choose to pay in instalments, Clearpay receives your name and your order details.", "clearpay"),
    ("Terminal payments are acquired by Elavon, which receives your card number.", "elavon"),
    ("Card payments are processed by Barclaycard, which receives your card details.", "barclaycard"),
    ("Card payments are processed by Authorize.net, which receives your card details.", "authorize_net"),
    ("Subscriptions are billed through Chargebee, which stores your billing address.", "chargebee"),
    ("Subscriptions are billed through Recurly, which stores your billing address.", "recurly"),
    # hosting and storage
    ("Our website is hosted by Vercel, which logs your IP address.", "vercel"),
    ("Our website is hosted by Netlify, which logs your IP address.", "netlify"),
    ("Your account details are stored on Linode servers.", "linode"),
    ("Akamai delivers our pages and sees your IP address.", "akamai"),
    ("Fastly delivers our images and sees your IP address.", "fastly"),
    ("Our servers are managed by Rackspace, which stores your order history.", "rackspace"),
    ("Our website is hosted by IONOS, which logs your IP address.", "ionos"),
    ("Backups are kept by Scaleway in Paris, including your account details.", "scaleway"),
    ("Our servers are rented from Vultr, which stores your account details.", "vultr"),
    ("The booking system runs on Oracle Cloud, which stores your booking history.", "oracle_cloud"),
    ("Your account details are archived on IBM Cloud.", "ibm_cloud"),
    ("Our shop in China is hosted on Alibaba Cloud, which stores your delivery address.", "alibaba_cloud"),
    ("Our blog is hosted by WP Engine, which logs your IP address.", "wp_engine"),
    ("Our website is hosted by GoDaddy, which logs your IP address.", "godaddy"),
    ("Our website is built on Squarespace, which stores the messages you send through the contact form.", "squarespace"),
    ("Our website is hosted by Wix, which stores your email address when you subscribe.", "wix"),
    ("Documents you upload are stored in Dropbox.", "dropbox"),
    ("Encrypted backups of your account details are kept by Backblaze.", "backblaze"),
    ("Our app stores your account details in Supabase.", "supabase"),
    ("Your account details are stored in MongoDB Atlas.", "mongodb"),
    ("Our online shop runs on Shopify, which receives your delivery address and your order details.", "shopify"),
    ("We store your CV in Microsoft 365.", "microsoft"),
    ("Interviews take place on Microsoft Teams, which processes your name and image.", "microsoft"),
    # analytics and surveys
    ("Adobe Analytics records the pages you visit.", "adobe_analytics"),
    ("Heap Analytics records which buttons you tap.", "heap"),
    ("FullStory records mouse movements and where you click.", "fullstory"),
    ("Plausible Analytics counts visits without cookies and does not store your IP address.", "plausible"),
    ("Fathom Analytics counts page views without storing your IP address.", "fathom"),
    ("Pendo records which features you use in the app.", "pendo"),
    ("PostHog records which screens you open.", "posthog"),
    ("Crazy Egg records where you click on our pages.", "crazy_egg"),
    ("LogRocket records your mouse movements.", "logrocket"),
    ("Smartlook records where you click.", "smartlook"),
    ("Mouseflow records mouse movements on our checkout page.", "mouseflow"),
    ("Contentsquare records where you scroll on our pages.", "contentsquare"),
    ("Chartbeat counts which articles you read.", "chartbeat"),
    ("Comscore measures which pages you visit.", "comscore"),
    ("AppsFlyer receives your advertising ID to tell us which advert brought you to the app.", "appsflyer"),
    ("Our surveys run on SurveyMonkey, which stores your answers and your email address.", "surveymonkey"),
    ("Our feedback forms run on Typeform, which stores your answers and your email address.", "typeform"),
    ("Qualtrics stores your survey answers.", "qualtrics"),
    ("Our booking forms run on Jotform, which stores your name and phone number.", "jotform"),
    # email and marketing automation
    ("Our newsletter is sent through Constant Contact, which receives your email address.", "constant_contact"),
    ("Marketing emails are sent through Klaviyo, which receives your email address and order history.", "klaviyo"),
    ("Marketing emails are sent through ActiveCampaign, which receives your email address.", "activecampaign"),
    ("Our newsletter is sent through ConvertKit, which receives your email address.", "convertkit"),
    ("Our newsletter is sent through MailerLite, which receives your email address.", "mailerlite"),
    ("Our newsletter is sent through Dotdigital, which receives your email address.", "dotdigital"),
    ("Reminder emails are sent through Customer.io, which receives your email address.", "customer_io"),
    ("Push messages are sent through Braze, which receives your device token.", "braze"),
    ("Our newsletter is sent through GetResponse, which receives your email address.", "getresponse"),
    ("Our newsletter is sent through AWeber, which receives your email address.", "aweber"),
    ("Receipts are emailed through SparkPost, which receives your email address.", "sparkpost"),
    ("Our newsletter is published on Substack, which receives your email address.", "substack"),
    ("Receipts are emailed through Amazon SES, which receives your email address.", "amazon_web_services"),
    ("Receipts are emailed through Mandrill, which receives your email address.", "mailchimp"),
    # CRM
    ("Pipedrive stores your name and phone number when you ask for a quote.", "pipedrive"),
    ("Zoho CRM stores your name and email address.", "zoho"),
    ("Insightly stores your name and email address.", "insightly"),
    ("Keap stores your name and email address.", "keap"),
    ("SugarCRM stores your name and email address.", "sugarcrm"),
    ("Capsule CRM stores your name and email address.", "capsule_crm"),
    # support and chat
    ("Emails to our help desk are stored in Help Scout.", "help_scout"),
    ("Support requests are handled in Gorgias, which sees your order history.", "gorgias"),
    ("Support requests are handled in Kustomer, which sees your email address.", "kustomer"),
    ("The chat window on our site is provided by LiveChat, which stores what you write.", "livechat"),
    ("The chat window on our site is provided by tawk.to, which stores what you write.", "tawk_to"),
    ("The chat window on our site is provided by Tidio, which stores what you write.", "tidio"),
    ("The chat window on our site is provided by Olark, which stores what you write.", "olark"),
    ("IT support tickets are recorded in ServiceNow, including your name and email address.", "servicenow"),
    ("Trengo stores the messages you send to our shared inbox.", "trengo"),
    ("Bug reports you send us are stored in Jira with your email address.", "atlassian"),
    ("Support requests are handled in Freshworks, which sees your email address.", "freshdesk"),
    # telephony, SMS and push
    ("Our phone lines run on Aircall, which records calls and stores your phone number.", "aircall"),
    ("Verification texts are sent by Vonage, which receives your mobile number.", "vonage"),
    ("Our phone system is provided by RingCentral, which stores call recordings.", "ringcentral"),
    ("Text reminders are sent by MessageBird, which receives your mobile number.", "messagebird"),
    ("Text reminders are sent by Plivo, which receives your mobile number.", "plivo"),
    ("Text reminders are sent by Sinch, which receives your mobile number.", "sinch"),
    ("Our phone system is provided by Dialpad, which stores call recordings.", "dialpad"),
    ("Our call centre uses Talkdesk, which stores call recordings and your phone number.", "talkdesk"),
    ("Our call centre uses Five9, which stores call recordings and your phone number.", "five9"),
    ("Our call centre uses Genesys, which stores call recordings and your phone number.", "genesys"),
    ("Text reminders are sent by Clickatell, which receives your mobile number.", "clickatell"),
    ("Text reminders are sent by Esendex, which receives your mobile number.", "esendex"),
    ("Push notifications are sent through OneSignal, which receives a device token.", "onesignal"),
    ("You can message us on WhatsApp, which receives your phone number.", "meta"),
    # e-signature
    ("Contracts are signed through Adobe Acrobat Sign, which receives your name and email address.", "adobe_sign"),
    ("Contracts are signed through HelloSign, which receives your name and email address.", "hellosign"),
    ("Quotes are signed through PandaDoc, which receives your name and email address.", "pandadoc"),
    ("Contracts are signed through SignNow, which receives your name and email address.", "signnow"),
    ("Contracts are signed through Yousign, which receives your name and email address.", "yousign"),
    # credit reference, identity and background checks
    ("We check your credit history with TransUnion before we agree a payment plan.", "transunion"),
    ("We check the company you work for with Creditsafe.", "creditsafe"),
    ("We share your business address with Dun & Bradstreet to check your credit rating.", "dun_bradstreet"),
    ("We share your name and address with CRIF to check your identity.", "crif"),
    ("We share your name and address with SCHUFA to check your credit history.", "schufa"),
    ("We share your name and date of birth with Creditinfo.", "creditinfo"),
    ("Jumio compares your selfie with the photo in your identity document.", "jumio"),
    ("Veriff compares your selfie with the photo in your identity document.", "veriff"),
    ("Yoti checks your age from a photo of your identity document.", "yoti"),
    ("Trulioo checks your name and date of birth against official records.", "trulioo"),
    ("GBG checks your name and address against the electoral roll.", "gbg"),
    ("LexisNexis Risk Solutions checks your name and address for fraud prevention.", "lexisnexis"),
    ("HireRight checks your employment history before we make an offer.", "hireright"),
    ("Checkr checks your criminal record before you can drive with us.", "checkr"),
    # error monitoring
    ("Crash reports from the app go to Rollbar.", "rollbar"),
    ("Server logs are monitored in Datadog, which receives your IP address.", "datadog"),
    ("Crash reports from the app go to New Relic, with your device type.", "new_relic"),
    ("Crash reports from the app go to Raygun.", "raygun"),
    ("Crash reports from the app go to Honeybadger.", "honeybadger"),
    ("Bug reports you send from the app go to Instabug, with a screenshot and your device type.", "instabug"),
    ("Crash reports from the app go to Crashlytics.", "google"),
    # video and meetings
    ("Recorded talks are hosted on Vimeo, which sees your IP address when you watch them.", "vimeo"),
    ("Wistia records which videos you watch.", "wistia"),
    ("Online appointments take place on Webex, which processes your name and image.", "webex"),
    ("Video consultations take place on Whereby Video, which processes your image and voice.", "whereby"),
    ("Webinars take place on GoTo Meeting, which processes your name and email address.", "gotomeeting"),
    ("Video messages are recorded with Vidyard, which stores your image.", "vidyard"),
    ("Our videos are embedded from YouTube, which may set cookies.", "google"),
    # scheduling, booking and ticketing
    ("Appointments are booked through Calendly, which receives your name and email address.", "calendly"),
    ("Appointments are booked through Acuity Scheduling, which receives your name and phone number.", "acuity_scheduling"),
    ("Appointments are booked through Setmore, which receives your name and phone number.", "setmore"),
    ("Appointments are booked through SimplyBook.me, which receives your name and phone number.", "simplybook"),
    ("Appointments are booked through Fresha, which receives your name and phone number.", "fresha"),
    ("Classes are booked through Mindbody, which receives your name and email address.", "mindbody"),
    ("Meetings are booked through YouCanBookMe, which receives your name and email address.", "youcanbookme"),
    ("Tickets are sold through Eventbrite, which receives your name and email address.", "eventbrite"),
    ("Tickets are sold through Ticketmaster, which receives your name and email address.", "ticketmaster"),
    ("Tables are booked through OpenTable, which receives your name and phone number.", "opentable"),
    ("If you book through Booking.com, it sends us your name and your booking details.", "booking_com"),
    ("If you book through Expedia, it sends us your name and your booking details.", "expedia"),
    # reviews, accounting, payroll, HR and sign-in
    ("We send your name and email address to Trustpilot.", "trustpilot"),
    ("We send your email address to Feefo.", "feefo"),
    ("Our bookkeeping runs on Xero, which stores your invoices and bank details.", "xero"),
    ("Our bookkeeping runs on QuickBooks, which stores your name and bank details.", "quickbooks"),
    ("Our bookkeeping runs on FreeAgent, which stores your name and bank details.", "freeagent"),
    ("Payroll is run by ADP, which receives your salary and bank details.", "adp"),
    ("BambooHR stores your home address and salary.", "bamboohr"),
    ("SmartRecruiters stores your CV.", "smartrecruiters"),
    ("Teamtailor stores your CV and cover letter.", "teamtailor"),
    ("Jobvite stores your CV and your job history.", "jobvite"),
    ("iCIMS stores your CV.", "icims"),
    ("Sign-in is handled by Auth0, which stores your email address and password.", "auth0"),
    ("Staff sign-in is handled by Okta, which stores your email address.", "okta"),
    # advertising and social media
    ("Criteo places a cookie to show you our products on other websites.", "criteo"),
    ("Taboola places a cookie to recommend articles on other websites.", "taboola"),
    ("Outbrain places a cookie to recommend articles on other websites.", "outbrain"),
    ("The Trade Desk places a cookie to measure our adverts.", "the_trade_desk"),
    ("Xandr places a cookie to run the auction for advertising space.", "xandr"),
    ("The Pinterest Tag tells Pinterest which pages you visit.", "pinterest"),
    ("The Snap Pixel tells Snapchat which pages you visit.", "snapchat"),
    ("The Twitter Pixel tells Twitter which pages you visit.", "twitter"),
    ("The Reddit Pixel tells Reddit which pages you visit.", "reddit"),
    ("AdRoll places a cookie to show you our adverts on other websites.", "adroll"),
    ("Quantcast places a cookie to measure our audience.", "quantcast"),
    ("Amazon Ads receives your hashed email address to measure our adverts.", "amazon_ads"),
    ("Awin places a cookie to record which affiliate sent you to us.", "awin"),
    # parcels and post
    ("Letters and parcels are delivered by Royal Mail, which receives your postal address.", "royal_mail"),
    ("Large parcels are delivered by Parcelforce, which receives your postal address and phone number.", "parcelforce"),
    ("Parcels are delivered by Evri, which receives your delivery address.", "evri"),
    ("Parcels are delivered by Yodel, which receives your delivery address.", "yodel"),
    ("Orders to the United States are delivered by USPS, which receives your delivery address.", "usps"),
    ("Pallets are delivered by TNT, which receives your delivery address and phone number.", "tnt"),
    ("Parcels to the Netherlands are delivered by PostNL, which receives your delivery address.", "postnl"),
    ("Parcels to Germany are delivered by Deutsche Post, which receives your delivery address.", "deutsche_post"),
    ("Parcels can be collected from an InPost locker; InPost receives your phone number.", "inpost"),
]


@pytest.mark.parametrize("text, party", _VENDORS)
def test_well_known_vendors(text, party):
    assert party in {p for p, _, _ in pairs(text)}


def test_each_vendor_has_a_class_of_the_lexicon():
    from pia.notice.lexicon import Lexicon
    lex = Lexicon.default()
    classes = set(lex.class_cues)
    assert all(lex.party_class[v] in classes for v in lex.party_class)
    assert {party for _, party in _VENDORS} <= set(lex.party_class)


@pytest.mark.parametrize("text", [
    "We keep your bank details on file, but we never see your card number.",  # "bank" is no vendor
    "The square outside our shop is covered by CCTV.",  # "square" alone is no payment processor
    "Our vision test checks your visual acuity.",  # "acuity" alone is no scheduling tool
    "Microsoft Ireland Operations Limited is the parent of our host.",  # only Microsoft's products are known
    "We keep a record whereby you can see who viewed your file.",  # "whereby" is a conjunction
    "We enthuse about privacy and keep your data safe.",  # "enthuse" is a verb
])
def test_common_words_near_vendor_names_name_no_vendor(text):
    from pia.notice.lexicon import Lexicon, tokenize_text
    lex = Lexicon.default()
    found = {m.value for m in lex.parties.find(tokenize_text(text))}
    assert not (found & set(lex.party_class))


# --- verbs of collection, use and disclosure -------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Jumio compares your selfie with the photo in your identity document.",
     [("jumio", "user.content.self_image", False), ("jumio", "user.government_id", False)]),
    ("We screen your name against sanctions lists.", [("first_party", "user.name", False)]),
    ("Chartbeat counts which articles you read.", [("chartbeat", "user.behavior.media_consumption", False)]),
    ("We retrieve your records from your previous school.", [("first_party", "user", False)]),
    ("The laboratory extracts your DNA from the saliva sample.", [("first_party", "user.health_and_medical.genetic", False)]),
])
def test_verbs_of_use_and_collection(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("We exchange your name and charging sessions with Voltway Ltd.",
     [("name:Voltway Ltd", "user.behavior", False), ("name:Voltway Ltd", "user.name", False)]),
    ("We sync your email address with HubSpot.", [("hubspot", "user.contact.email", False)]),
])
def test_verbs_of_disclosure(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text", [
    "In exchange for your feedback, we send you a discount code.",  # "exchange" as a noun
    "Every visit counts towards your rewards.",  # "counts" with no data
])
def test_verbs_that_stay_quiet(text):
    assert pairs(text) == []


# --- genetic data, card payments, things paid for, loans, trips -------------------------------------------

@pytest.mark.parametrize("text", [
    "We never share your DNA results with insurers.",
    "We never share your raw DNA file with insurers.",
])
def test_dna_is_genetic_data(text):
    assert pairs(text) == [("professional_advisers", "user.health_and_medical.genetic", True)]


def test_what_the_person_paid_for_is_purchase_history():
    assert pairs("We keep a record of what you have paid for.") == [("first_party", "user.behavior.purchase_history", False)]


def test_items_on_loan_are_media_consumption():
    assert pairs("Our system records the items on loan to you.") == [("first_party", "user.behavior.media_consumption", False)]


def test_a_trip_history_is_behaviour():
    assert pairs("Meta does not receive your trip history.") == [("meta", "user.behavior", True)]


def test_a_bank_loan_stays_financial():
    assert pairs("We check your loan details before we agree an overdraft.") == [("first_party", "user.financial", False)]


@pytest.mark.parametrize("text", [
    "The Care Quality Commission can see care records during an inspection.",
    "We share care records with the police when the law requires it.",
])
def test_care_records_are_the_whole_file(text):
    assert pairs(text) == [("law_enforcement", "user", False)]


def test_a_care_plan_is_health_data():
    assert pairs("We share your care plan with the police when the law requires it.") == [
        ("law_enforcement", "user.health_and_medical", False)]


@pytest.mark.parametrize("text, expected", [
    ("We report your tax identification number to the tax authority.", [("law_enforcement", "user.government_id", False)]),
    ("The laboratory receives a patient reference number, never your name.",
     [("name:laboratory", "user.name", True), ("name:laboratory", "user.unique_id", False)]),
])
def test_identifiers_read_as_the_adjudicated_gold_does(text, expected):
    assert pairs(text) == expected


# --- benefits and pensions, pronouns, sign-ins, order values, registration marks ------------------------

@pytest.mark.parametrize("text, expected", [
    ("We ask for evidence of benefits you receive, such as universal credit.", [("first_party", "user.financial", False)]),
    ("Payroll sends your student loan deductions to HMRC.", [("law_enforcement", "user.financial", False)]),
    ("You can tell us your pronouns.", [("first_party", "user.demographic.gender", False)]),
    ("We keep your login history for 90 days.", [("first_party", "user.behavior", False)]),
    ("We analyse the order value of each purchase.", [("first_party", "user.behavior.purchase_history", False)]),
    ("The car park operator sees your reg number.",
     [("name:car park operator", "user.government_id.vehicle_registration", False)]),
])
def test_everyday_phrasings_of_round9(text, expected):
    assert pairs(text) == expected


def test_the_benefits_of_membership_are_no_data():
    assert pairs("The benefits of membership include free parking.") == []


# --- what the person watches or listens to, and their interactions with other users ---------------------

@pytest.mark.parametrize("text, expected", [
    ("We record the songs you listen to and your playlists.", [("first_party", "user.behavior.media_consumption", False)]),
    ("We share your listening history with Spotify.", [("name:Spotify", "user.behavior.media_consumption", False)]),
    ("We record your swipes and your matches.", [("first_party", "user.social", False)]),
    ("We never share who you match with with advertisers.", [("advertising_partners", "user.social", True)]),
    ("We ask for your sexual preferences when you create a profile.",
     [("first_party", "user.demographic.sexual_orientation", False)]),
])
def test_media_and_social_phrasings(text, expected):
    assert pairs(text) == expected


def test_what_you_watch_on_a_website_stays_browsing():
    assert pairs("No log of what you watch on our site is passed to Meta.") == [
        ("meta", "user.behavior.browsing_history", True)]


# --- work, travel, study and statements ----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("We keep your performance reviews and disciplinary records.", [("first_party", "user.job_title", False)]),
    ("We keep your timesheets and holiday records.", [("first_party", "user.behavior", False)]),
    ("We send your travel itinerary to the airline.", [("name:airline", "user.behavior.purchase_history", False)]),
    ("We keep your wishlist so you can find it later.", [("first_party", "user.behavior.purchase_history", False)]),
    ("We store the coursework you upload.", [("first_party", "user.content", False)]),
    ("We keep your account statements for six years.", [("first_party", "user.financial", False)]),
])
def test_work_travel_study_phrasings(text, expected):
    assert pairs(text) == expected


def test_a_product_review_is_content():
    # GUIDELINES.md: "messages, uploads, reviews" are user.content; only words saying published keep user.content.public
    assert pairs("We store your product reviews.") == [("first_party", "user.content", False)]
    assert pairs("We keep your published reviews.") == [("first_party", "user.content.public", False)]


# --- vocabulary the adjudicated gold of 19-48 reads by GUIDELINES.md ----------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("We record your nationality when you apply.", [("first_party", "user.demographic", False)]),
    ("We record any charges you owe.", [("first_party", "user.financial", False)]),
    ("We record your favourite genres.", [("first_party", "user.behavior.media_consumption", False)]),
    ("Our app sends your login code to your phone.", [("first_party", "user.authorization.credentials", False)]),
    ("We check your licence for penalty points.", [("first_party", "user.criminal_history", False)]),
    ("The box reports the mileage and fuel level of the car.", [("first_party", "user.sensor", False)]),
    ("We record the energy delivered at each charger.", [("first_party", "user.sensor", False)]),
    ("We read the personal statement you submit.", [("first_party", "user.content", False)]),
    ("We keep your family tree on our servers.", [("first_party", "user.content", False)]),
    ("We record any company directorships you hold.", [("first_party", "user.job_title", False)]),
    ("We keep a record of your cookie choice.", [("first_party", "user.privacy_preferences", False)]),
    ("We store the charge card identifier linked to your account.", [("first_party", "user.unique_id", False)]),
    ("Our auditors may review billing records.", [("professional_advisers", "user.payment", False)]),
    ("We share the trip details with the insurer.", [("professional_advisers", "user.behavior", False)]),
    ("Freshdesk stores the ticket content.", [("freshdesk", "user.content", False)]),
    ("Mixpanel receives usage data from the app.", [("mixpanel", "user.behavior", False)]),
])
def test_adjudicated_vocabulary(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text", [
    "We pass your name to HM Revenue & Customs.",
    "We pass your name to Police Scotland.",
    "We pass your name to the Revenue Commissioners.",
    "We pass your name to the Veterinary Medicines Directorate.",
])
def test_public_bodies_named_by_their_own_name(text):
    assert pairs(text) == [("law_enforcement", "user.name", False)]


def test_a_name_written_without_its_ampersand_is_still_the_body():
    from pia.notice.lexicon import Lexicon, tokenize_text
    toks = tokenize_text("hm revenue customs")
    assert Lexicon.default().parties.match_at(toks, 0) == (3, "law_enforcement")


@pytest.mark.parametrize("text, expected", [
    ("We keep your points balance.", [("first_party", "user.account", False)]),
    ("We check your national identity card at the desk.", [("first_party", "user.government_id.national_identification_number", False)]),
    ("The event organisers receive your emergency contact.", [("name:event organisers", "user.contact", False)]),
    ("We may infer your philosophical beliefs from the ceremony you choose.",
     [("first_party", "user.demographic.religious_belief", False)]),
    ("We share the items you purchase with our partners.", [("third_parties", "user.behavior.purchase_history", False)]),
    ("We log the time and length of your session.", [("first_party", "user.behavior", False)]),
    ("The lab only receives a barcode.", [("name:lab", "user.unique_id.pseudonymous", False)]),
    ("We keep audio recordings of your voice to score your pronunciation.", [("first_party", "user.biometric.voice", False)]),
])
def test_more_adjudicated_vocabulary(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text", [
    "Our messaging provider receives the text of each message.",
    "Our messaging provider receives the messages you exchange with staff.",
])
def test_messages_are_content_unless_called_private(text):
    assert pairs(text) == [("communication_providers", "user.content", False)]


def test_private_messages_stay_private():
    assert pairs("Our messaging provider receives your private messages.") == [
        ("communication_providers", "user.content.private", False)]


def test_a_next_of_kin_phone_number_is_a_phone_number():
    assert pairs("Twilio receives next-of-kin phone numbers to send alerts.") == [
        ("twilio", "user.contact.phone_number", False)]


@pytest.mark.parametrize("text, expected", [
    ("We share browsing data with our analytics provider.", [("analytics_providers", "user.behavior.browsing_history", False)]),
    ("We ask for your memorable word when you call us.", [("first_party", "user.authorization.credentials", False)]),
    ("We keep your subscription status and membership type.", [("first_party", "user.account", False)]),
    ("The app records your parking sessions.", [("first_party", "user.behavior", False)]),
    ("The app stores your menstrual cycle and body weight.", [("first_party", "user.health_and_medical", False)]),
])
def test_subscription_session_and_body_phrasings(text, expected):
    assert pairs(text) == expected


def test_a_parcel_weight_is_no_health_data():
    assert pairs("The courier records the weight of each parcel.") == []


@pytest.mark.parametrize("text, party", [
    ("Backups of your account details are kept by our backup provider.", "hosting_providers"),
    ("Your email address is passed to our newsletter platform.", "email_providers"),
    ("Your mobile number is passed to a text message service.", "communication_providers"),
    ("We pass your name and address to a credit checking company.", "credit_agencies"),
    ("Our ad partners receive a cookie identifier.", "advertising_partners"),
])
def test_more_class_phrasings(text, party):
    assert party in {p for p, _, _ in pairs(text)}


@pytest.mark.parametrize("text, party", [
    ("If you donate through JustGiving, it shares your name and donation amount with us.", "justgiving"),
    ("Event entries are taken through Enthuse.com, which receives your name and email address.", "enthuse"),
    ("Supporter records are kept in Blackbaud Raiser's Edge, including your donation history.", "blackbaud"),
    ("Beacon CRM stores your name and your donation history.", "beacon_crm"),
    ("EMIS Web stores your medical history.", "emis"),
    ("SystmOne stores your medical history.", "systmone"),
    ("Appointments are booked through Doctolib, which receives your name and phone number.", "doctolib"),
    ("Moodle stores the homework you upload.", "moodle"),
    ("Teachers share class photos through ClassDojo.", "classdojo"),
    ("School meals are paid through ParentPay, which receives your bank details.", "parentpay"),
    ("Our shop runs on WooCommerce, which stores your delivery address.", "woocommerce"),
    ("Our shop runs on BigCommerce, which stores your delivery address.", "bigcommerce"),
    ("Product reviews are collected by Yotpo, which receives your email address.", "yotpo"),
    ("If you book through Airbnb, it sends us your name and your phone number.", "airbnb"),
    ("Flight bookings are made through Amadeus, which receives your passport number.", "amadeus"),
    ("The app sends your location to what3words.", "what3words"),
    ("If you connect Strava, it receives your workouts and your location.", "strava"),
    ("We share your heart rate with Garmin Connect when you link your watch.", "garmin"),
    ("We send your step count to Fitbit when you link your tracker.", "google"),
])
def test_vendors_of_charities_health_schools_shops_and_fitness(text, party):
    assert party in {p for p, _, _ in pairs(text)}


def test_a_gift_aid_declaration_is_financial():
    assert pairs("We keep your Gift Aid declaration for six years.") == [("first_party", "user.financial", False)]


@pytest.mark.parametrize("text", [
    "We use pop-ups to ask for your consent and record your email address.",
    "Event sign-ups are taken through Enthuse, which receives your name and email address.",
])
def test_ups_inside_a_hyphenated_word_is_no_courier(text):
    assert "ups" not in {p for p, _, _ in pairs(text)}


@pytest.mark.parametrize("text", [
    "Our hotels keep their food hygiene rating on display.",
    "The mood of the meeting was positive.",
])
def test_a_bare_rating_or_mood_is_no_data(text):
    assert pairs(text) == []


def test_a_credit_rating_is_financial():
    assert pairs("We check your credit rating before we lend.") == [("first_party", "user.financial", False)]


def test_every_data_key_is_a_taxonomy_key_and_no_phrase_has_two_keys():
    import re
    from collections import defaultdict
    from importlib import resources
    from pia.taxonomy import Taxonomy
    from pia.yamlio import load_data
    data = load_data(resources.files("pia").joinpath("data/lexicons/data.yaml").read_text(encoding="utf-8"))
    tax = Taxonomy.default()
    assert [k for k in data["categories"] if not tax.has("data_category", k)] == []
    keys = defaultdict(set)
    for key, phrases in data["categories"].items():
        for p in phrases:
            keys[re.sub(r"[-/_’'`\"]", " ", str(p).lower()).split().__str__()].add(key)
    assert {p: k for p, k in keys.items() if len(k) > 1} == {}


@pytest.mark.parametrize("text, expected", [
    ("Our site stores your basket in local storage.", [("first_party", "user.device.cookie", False)]),
    ("Advertising partners receive mobile identifiers.", [("advertising_partners", "user.device.device_id", False)]),
    ("Meta receives the ads you click on our site.", [("meta", "user.behavior.browsing_history", False)]),
    ("We send purchase events to TikTok to measure our adverts.", [("tiktok", "user.behavior.purchase_history", False)]),
])
def test_advertising_and_tracking_phrasings(text, expected):
    assert pairs(text) == expected
