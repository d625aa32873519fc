"""English phrase bank for the corpus generator (scripts/gen_corpus.py).

Slots: {product} product name, {type} product type ("fitness band"), {brand}, {category},
{audience}, {customer}, {f} one feature exactly as given, {F} the same with a capital first
letter, {flist} several features joined ("a, b and c"), {items} recommended items joined.
Benefit phrasings add no facts: they must stay true whatever the feature's value is, so the
model learns to state the given features and never invents new ones.
Keys match phrases_zh.py.
"""

TONES = {
    "professional": ["professional", "professional, clear", "informative"],
    "playful": ["playful", "fun, upbeat", "playful, energetic"],
    "luxury": ["luxury", "premium, refined", "elegant"],
    "urgent": ["urgent promotion", "urgent, promotional", "limited-time offer"],
    "warm": ["warm", "warm, friendly", "friendly"],
}

OPENERS = {
    "professional": [
        "Introducing the {product}, a {type} designed for everyday use.",
        "The {product} is a {type} built around what matters most.",
        "Meet the {product} from {brand}.",
        "The {product} brings a thoughtful set of features to the {type}.",
        "{brand} designed the {product} to do its job well, day after day.",
        "Looking for a reliable {type}? The {product} is built to deliver.",
    ],
    "playful": [
        "Say hello to your new favourite {type}: the {product}!",
        "Good news: the {product} is here, and it's a lot of fun.",
        "Meet the {product}. Your {type} just got an upgrade.",
        "Ready for a {type} that keeps up with you? Enter the {product}.",
        "Psst. The {product} might be the best {type} you haven't tried yet.",
        "This is the {product}, and it has a few tricks up its sleeve.",
    ],
    "luxury": [
        "Crafted for those who expect more, the {product} redefines the {type}.",
        "The {product}: quiet confidence in every detail.",
        "Some things are simply made better. The {product} is one of them.",
        "Discover the {product}, where thoughtful design meets lasting quality.",
        "Elevate the everyday with the {product} from {brand}.",
    ],
    "urgent": [
        "Limited time only: the {product} is on special offer.",
        "Don't wait: the {product} is selling fast.",
        "Today only, treat yourself to the {product}.",
        "The offer on the {product} ends soon, so now is the time.",
        "Last chance to get the {product} at this price.",
    ],
    "warm": [
        "Some things just make life a little easier. The {product} is one of them.",
        "We made the {product} with you in mind.",
        "Everyone deserves a {type} they can count on, and the {product} is ours.",
        "Here's a {type} that feels like it was made just for you: the {product}.",
        "Meet the {product}, a small everyday comfort from {brand}.",
    ],
}

# One sentence about one feature, by feature type; "generic" for any other type.
FEATURE_SENTENCES = {
    "generic": [
        "{F} makes every day a little easier.",
        "It comes with {f}.",
        "You also get {f}.",
        "{F} is part of the package.",
        "There's {f}, too.",
        "Add {f}, and you have a {type} that simply works.",
        "{F}: a detail you'll appreciate every day.",
    ],
    "battery": [
        "With {f}, you can leave the charger at home.",
        "{F} means fewer trips to the charger.",
        "{F} keeps it going as long as you do.",
        "Thanks to {f}, it's ready whenever you are.",
    ],
    "charging": [
        "When you do need power, {f} gets you back in action quickly.",
        "{F} means less time waiting and more time doing.",
        "Running low? {F} has you covered.",
    ],
    "health_sensor": [
        "{F} helps you understand your body better.",
        "With {f}, you get a clearer picture of your health.",
        "{F} turns everyday data into useful insight.",
    ],
    "activity": [
        "{F} lets you see your progress at a glance.",
        "With {f}, every session counts.",
    ],
    "design": [
        "{F} makes it a pleasure to use.",
        "Thanks to {f}, it fits right into your day.",
        "{F} shows how much thought went into it.",
    ],
    "comfort": [
        "{F} keeps you comfortable from morning to night.",
        "Thanks to {f}, you'll hardly notice it's there.",
        "{F} makes all the difference on long days.",
    ],
    "water_resistance": [
        "{F} means rain, sweat and splashes are no problem.",
        "With {f}, you don't have to worry about the weather.",
    ],
    "weight": [
        "{F}: easy to take anywhere.",
        "{F}, so you'll barely feel it.",
    ],
    "material": [
        "Made with {f}, it's built to last.",
        "{F} gives it a quality you can feel.",
        "We chose {f} for comfort and durability.",
    ],
    "size": [
        "{F}: just right.",
        "{F} makes it easy to find the right fit.",
    ],
    "capacity": [
        "{F} means there's room for what you need.",
        "With {f}, you won't run short.",
    ],
    "noise_cancelling": [
        "{F} shuts out the noise so you can focus.",
        "With {f}, your commute becomes quiet time.",
    ],
    "sound": [
        "{F} brings out every detail of your music.",
        "With {f}, your playlists sound the way they should.",
    ],
    "connectivity": [
        "{F} keeps you connected without the fuss.",
        "With {f}, setup takes seconds.",
    ],
    "smart": [
        "{F} does the thinking for you.",
        "With {f}, it fits neatly into a busy day.",
        "{F} makes life that little bit smarter.",
    ],
    "display": [
        "{F} keeps everything clear and easy to read.",
        "Everything is easy to see on the {f}.",
    ],
    "safety": [
        "{F} gives you peace of mind.",
        "Safety comes first: {f}.",
    ],
    "protection": [
        "{F} keeps it protected day after day.",
        "With {f}, you're covered.",
    ],
    "ingredient": [
        "Formulated with {f}, it cares for your skin gently.",
        "{F} is at the heart of the formula.",
        "Made with {f} for results you can see.",
    ],
    "skin_type": [
        "Good to know: {f}.",
    ],
    "texture": [
        "{F} makes it a joy to apply.",
        "You'll love the {f}.",
    ],
    "effect": [
        "Expect {f}.",
        "The result: {f}.",
    ],
    "free_from": [
        "Clean and simple: {f}.",
    ],
    "power": [
        "{F} handles even the toughest jobs.",
        "With {f}, it gets the job done fast.",
    ],
    "noise": [
        "It's quiet, too: {f}.",
        "{F} means no disturbance, even at night.",
    ],
    "care": [
        "Easy care: {f}.",
        "{F} keeps things simple.",
    ],
    "fit": [
        "The {f} flatters without trying too hard.",
        "A {f} that works for every day.",
    ],
    "warranty": [
        "It's backed by a {f}, so you can buy with confidence.",
        "And with a {f}, you're in good hands.",
    ],
    "packaging": [
        "It arrives with {f}.",
        "{F} makes it easy to enjoy on the go.",
    ],
    "flavor": [
        "{F} keeps you reaching for more.",
        "Expect {f}.",
    ],
    "origin": [
        "Quality starts at the source: {f}.",
    ],
    "certification": [
        "{F}, for extra peace of mind.",
    ],
}

FEATURE_LIST_SENTENCES = [
    "It brings together {flist}.",
    "Inside, you'll find {flist}.",
    "Highlights include {flist}.",
    "You get {flist}, all in one.",
    "Key features: {flist}.",
    "It offers {flist}.",
]

TRANSITIONS = ["What's more, ", "On top of that, ", "Plus, ", "And ", "Best of all, ", "Better still, ", "", "", ""]

AUDIENCE_SENTENCES = [
    "It's a great choice for {audience}.",
    "Made for {audience}.",
    "Perfect for {audience}.",
    "If you're one of the {audience} out there, this one's for you.",
    "{Audience} will feel right at home with it.",
    "Ideal for {audience} and anyone who values good design.",
]

CLOSERS = {
    "professional": ["Find out more on our website.", "Available now.", "Order yours today.",
                     "Discover the {product} today.", "See the full details online."],
    "playful": ["Go on, treat yourself!", "Your new favourite is one click away.", "Grab yours and have fun with it!",
                "Add it to your cart. You know you want to.", "Ready when you are!"],
    "luxury": ["Experience the {product} for yourself.", "Discover it today.", "Because you deserve the best.",
               "Make it yours.", "Quality you'll notice every day."],
    "urgent": ["Shop now before the offer ends!", "Order today while stocks last!", "Hurry, this deal won't last!",
               "Don't miss out: order now!", "Get yours before it's gone!"],
    "warm": ["We think you'll love it.", "Take good care of yourself. You deserve it.", "Made with care, for you.",
             "We hope it makes your days a little brighter.", "Welcome it into your everyday."],
}

# Emails: the output is "Subject: ...\nBody:\n..." (docs/prompt-format.md, output parts).
EMAIL_SUBJECTS = {
    "professional": ["{customer}, meet the {product}", "Introducing the {product}", "New from {brand}: the {product}",
                     "{customer}, a {type} worth a look"],
    "playful": ["{customer}, you're going to love this", "Guess what just landed, {customer}?",
                "Your new favourite {type} is here!", "{customer}, this one's fun"],
    "luxury": ["{customer}, an invitation to discover the {product}", "The {product}: crafted for you",
               "Something special for you, {customer}"],
    "urgent": ["{customer}, the offer ends soon", "Last chance, {customer}: the {product}",
               "Only a few days left, {customer}", "Hurry, {customer}: limited-time offer"],
    "warm": ["{customer}, we picked this for you", "A little something for you, {customer}",
             "Thinking of you, {customer}", "{customer}, we think you'll like this"],
}
EMAIL_GREETINGS = ["Hi {customer},", "Hello {customer},", "Dear {customer},", "Hey {customer},"]
EMAIL_INTROS = {
    "professional": ["We'd like to introduce the {product}.", "We're pleased to share our latest {type}, the {product}."],
    "playful": ["We've got something fun to show you.", "Big news: the {product} has arrived, and we couldn't wait to tell you."],
    "luxury": ["We'd like to invite you to discover the {product}.", "Allow us to introduce the {product}."],
    "urgent": ["Our offer on the {product} ends soon, and we didn't want you to miss it.",
               "Just a quick reminder: the {product} is on special offer for a limited time."],
    "warm": ["We hope you're doing well.", "We were thinking of you when we saw the {product}."],
}
EMAIL_RECOMMENDED = [
    "You might also like {items}.",
    "While you're here, take a look at {items}.",
    "We also picked {items} for you.",
    "Customers who chose it also love {items}.",
]
EMAIL_CTAS = {
    "professional": ["You can find all the details on our website.", "Reply to this email if you have any questions."],
    "playful": ["Tap the button below and take a look!", "Go on, have a peek!"],
    "luxury": ["We would be delighted to welcome you.", "Discover it at your convenience."],
    "urgent": ["Order before the offer ends.", "Don't wait too long: stock is limited."],
    "warm": ["Take your time, and let us know if we can help.", "We're always here if you need anything."],
}
EMAIL_SIGNOFFS = ["Best wishes,", "Kind regards,", "Cheers,", "Warm regards,", "All the best,", "Talk soon,"]
EMAIL_SIGNATURES = ["The {brand} team", "{brand} Customer Care", "Your friends at {brand}"]

SMS = {
    "professional": ["{brand}: Hi {customer}, the {product} is now available with {f}. Details: {link}",
                     "{brand}: {customer}, meet the {product}: {flist}. Learn more at {link}"],
    "playful": ["{brand}: Hey {customer}! The {product} is here with {f}. Take a look: {link}",
                "{brand}: {customer}, your new {type} is waiting! {F}. {link}"],
    "luxury": ["{brand}: {customer}, discover the {product}, with {f}. {link}",
               "{brand}: An invitation for you, {customer}: the {product}, with {f}. {link}"],
    "urgent": ["{brand}: {customer}, last chance! The {product} with {f} is on offer today only. {link}",
               "{brand}: Hurry, {customer}! Offer on the {product} ({f}) ends tonight. {link}"],
    "warm": ["{brand}: Hi {customer}, we thought you'd like the {product}, with {f}. {link}",
             "{brand}: {customer}, a little treat for you: the {product}, with {f}. {link}"],
}
SMS_LINKS = ["{domain}/new", "{domain}/offer", "{domain}/shop", "{domain}"]
SMS_OPT_OUT = ["Reply STOP to opt out.", "Text STOP to unsubscribe.", "STOP to opt out."]

SOCIAL = {
    "x": [
        "{Opener} {F}, {f2}. {Cta} {tags}",
        "New: the {product}. {F}. {Cta} {tags}",
        "{F}? Check. {F2}? Check. Meet the {product}. {tags}",
        "The {product} is here with {flist}. {Cta} {tags}",
    ],
    "instagram": [
        "{Opener}\n\n{F}.\n{F2}.\n\n{Cta}\n\n{tags}",
        "Meet the {product}.\n\n{Feature_lines}\n\n{Cta}\n{tags}",
        "{Opener}\n\n{Feature_lines}\n\nWho's getting one? {tags}",
    ],
    "wechat": [
        "{Opener}\n\n{Body}\n\n{Cta}",
    ],
    "weibo": [
        "{tags} {Opener} {F}, {f2}. {Cta}",
    ],
}
SOCIAL_CTAS = ["Link in bio.", "Shop now.", "Tap to shop.", "Available now.", "Which feature is your favourite?",
               "Tell us what you think!", "Out now."]

AD_HEADLINES = {
    "professional": ["The {product}", "Meet the {product}", "{Type} by {brand}", "A Smarter {Type}"],
    "playful": ["Your New Favourite {Type}", "Hello, {product}!", "Fun Meets Function"],
    "luxury": ["Crafted to Impress", "The {product}", "Refined {Type}"],
    "urgent": ["Offer Ends Soon", "Today Only: {product}", "Last Chance to Save"],
    "warm": ["Made for You", "A {Type} You'll Love", "Everyday Comfort"],
}
AD_DESCRIPTIONS = [
    "{F} and {f2}. {Cta}",
    "{F}, {f2}. {Cta}",
    "The {product}: {flist}. {Cta}",
    "Get {f} and {f2} with the {product}. {Cta}",
]
AD_CTAS = {
    "professional": ["Learn more.", "Order online.", "See details."],
    "playful": ["Grab yours!", "Try it today!", "Shop now!"],
    "luxury": ["Discover more.", "Make it yours."],
    "urgent": ["Buy now!", "Offer ends soon!", "Order today!"],
    "warm": ["Find yours.", "Treat yourself."],
}

# FAQ and customer service: a question about one feature type and answer openers.
QUESTIONS = {
    "battery": ["How long does the battery last?", "How often do I need to charge it?"],
    "charging": ["How fast does it charge?", "Does it support fast charging?"],
    "water_resistance": ["Is it waterproof?", "Can I use it in the rain?"],
    "weight": ["How heavy is it?", "Is it light enough to carry every day?"],
    "size": ["What size is it?", "Which sizes are available?"],
    "material": ["What is it made of?", "What material is it?"],
    "health_sensor": ["What health features does it have?", "Can it track my health?"],
    "noise_cancelling": ["Does it block out noise?", "Does it have noise cancelling?"],
    "capacity": ["How much does it hold?", "What's the capacity?"],
    "care": ["How do I clean it?", "Is it easy to look after?"],
    "skin_type": ["Can I use it on sensitive skin?", "Is it right for my skin type?"],
    "ingredient": ["What's in it?", "What are the key ingredients?"],
    "warranty": ["Does it come with a warranty?", "What if something goes wrong?"],
    "generic": ["What makes the {product} special?", "Why should I choose the {product}?",
                "What are the main features of the {product}?", "Is the {product} worth it?"],
}
FAQ_ANSWERS = [
    "{State} {benefit_sentence}",
    "Good question! {State}",
    "Here's the short answer: {f}. {benefit_sentence}",
    "{State}",
]
FAQ_FOLLOWUPS = ["It also has {flist}.", "You also get {flist}.", "On top of that, there's {flist}.", ""]

CS_MESSAGES = {
    "feature": ["Hi, I'm thinking about buying the {product}. {Question}", "{Question} I want to be sure before I order.",
                "Quick question about the {product}: {question}"],
    "delivery": ["My order of the {product} hasn't arrived yet. Can you help?",
                 "Where is my {product}? It's been a week."],
    "return": ["The {product} isn't quite right for me. Can I return it?",
               "I'd like to exchange my {product}. What should I do?"],
}
CS_REPLY_OPENS = ["Hi {customer}, thanks for reaching out!", "Hello {customer}, thank you for your message.",
                  "Hi {customer}, happy to help.", "Dear {customer}, thanks for getting in touch."]
CS_DELIVERY_REPLIES = [
    "I'm sorry your {product} hasn't arrived yet. Please send us your order number and we'll track it for you right away.",
    "Sorry for the wait! If you reply with your order number, I'll check where your {product} is and update you today.",
]
CS_RETURN_REPLIES = [
    "I'm sorry the {product} isn't right for you. Please reply with your order number and we'll guide you through the return.",
    "No problem. Send us your order number and we'll arrange the exchange for you.",
]
CS_CLOSES = ["Anything else I can help with?", "Have a great day!", "We're here if you need anything else.",
             "Thanks again for choosing {brand}."]

# Tasks and constraints per content type (the "### Task" and "### Constraints" sections).
TASKS = {
    "product_description": ["Write a product description for an online store."],
    "email": ["Write a personalized marketing email to the customer.", "Write a personalized email with a subject line and a body."],
    "sms": ["Write a marketing SMS."],
    "social_post": ["Write a social media post for the channel."],
    "ad": ["Write a search ad with a headline and a description."],
    "faq": ["Answer the customer's question for the FAQ page."],
    "customer_service": ["Reply to the customer's message as a customer-service agent."],
}
CONSTRAINTS = {
    "product_description": [["40 to 80 words.", "Mention every feature.", "No prices, no emoji."],
                            ["Mention every feature.", "No prices."]],
    "email": [["Start with 'Subject:', then 'Body:'.", "Use the customer's name.", "Mention every feature."],
              ["A subject line and a short body.", "Mention every feature and the recommended items."]],
    "sms": [["At most 160 characters.", "One message.", "End with the opt-out line."]],
    "social_post": [["Mention every feature.", "Add hashtags."], ["Short and friendly.", "Mention every feature."]],
    "ad": [["Headline at most 30 characters.", "Description at most 90 characters."]],
    "faq": [["Answer in two or three sentences.", "Use only the given features."]],
    "customer_service": [["Be polite and helpful.", "Use only the given features."]],
}
CONTENT_TYPE_NAMES = {
    "product_description": "product description", "email": "email", "sms": "SMS", "social_post": "social post",
    "ad": "ad", "faq": "FAQ answer", "customer_service": "customer-service reply",
}
CHANNEL_NAMES = {"website": "website", "email": "email", "sms": "sms", "x": "x", "instagram": "instagram",
                 "wechat": "wechat", "weibo": "weibo", "search_ads": "google-ads", "faq": "website",
                 "support": "live chat"}
LANGUAGE_NAME = "English"

CUSTOMERS = ["Ana", "Ben", "Chloe", "Daniel", "Emma", "Farah", "George", "Hannah", "Isaac", "Julia", "Kai", "Lena",
             "Mateo", "Nora", "Oliver", "Priya", "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera", "Will", "Yuki",
             "Zoe", "Liam", "Mia", "Noah", "Olivia", "Lucas", "Sofia", "Ethan", "Grace", "Leo", "Ava", "Jack"]
DOMAINS = ["{slug}.com", "shop.{slug}.com", "{slug}.co"]

# Free-form prompt in the seed document's shape (its English equivalent).
SEED_STYLE = {
    "task": ["Task: Based on the following product information, write an attractive product feature description",
             "Task: Write an attractive product description based on the product information below"],
    "info_label": ["Product information:"],
    "output_label": ["Product feature description:", "Product description:"],
    "info": ["A {type} with {flist}.", "The {product}, a {type} featuring {flist}.", "A {type}: {flist}."],
}

# Benefit fragments per feature type, for sentences that state a feature first and then its
# benefit ("Weighs just 22 g: easy to take anywhere."). Like the templates, they add no facts.
BENEFITS = {
    "generic": ["a detail you'll appreciate", "one less thing to worry about", "made for everyday life",
                "simple and practical"],
    "battery": ["fewer trips to the charger", "power that keeps up with your week", "leave the cable at home"],
    "charging": ["back to full in no time", "less waiting, more doing"],
    "health_sensor": ["a clearer picture of your health", "insight you can act on"],
    "activity": ["progress you can see", "every session counts"],
    "design": ["a pleasure to use every day", "thoughtful down to the details"],
    "comfort": ["comfortable from morning to night", "you'll barely notice it"],
    "water_resistance": ["rain and sweat are no problem", "no need to worry about the weather"],
    "weight": ["easy to take anywhere", "light enough to forget it's there"],
    "material": ["built to last", "quality you can feel"],
    "size": ["just the right size", "a fit for every need"],
    "capacity": ["room for everything you need", "plenty to go around"],
    "noise_cancelling": ["your own quiet space", "focus wherever you are"],
    "sound": ["music the way it should sound", "every detail, loud and clear"],
    "connectivity": ["connected in seconds", "no fuss, no tangles"],
    "smart": ["less effort, more done", "it does the thinking for you"],
    "display": ["clear at a glance"],
    "safety": ["peace of mind built in"],
    "protection": ["protected day after day"],
    "ingredient": ["gentle care for your skin", "results you can see"],
    "skin_type": ["gentle enough for every day"],
    "texture": ["a joy to apply"],
    "effect": ["results you can see"],
    "free_from": ["nothing you don't need"],
    "power": ["tough jobs done fast"],
    "noise": ["quiet enough for night-time"],
    "care": ["easy to look after"],
    "fit": ["a flattering shape"],
    "warranty": ["buy with confidence"],
    "packaging": ["easy to enjoy on the go"],
    "flavor": ["hard to stop at one"],
    "origin": ["quality from the source"],
    "certification": ["extra peace of mind"],
    "warmth": ["cosy on the coldest days"],
    "cushioning": ["a softer landing with every step"],
    "grip": ["sure footing wherever you go"],
    "insulation": ["the right temperature, hours later"],
    "ergonomics": ["kinder to your back"],
    "modes": ["just the way you like it"],
    "heating": ["soothing warmth"],
    "learning": ["learning through play"],
}

# Feature phrasings that are not noun phrases, recognised by their first word (compose.py):
# a verb phrase is stated as "It weighs just 22 g.", an adjective phrase as "It's fragrance-free."
VERB_STARTS = {"weighs", "keeps", "holds", "covers", "absorbs", "reclines", "folds", "pitches", "sleeps", "charges",
               "removes", "fits", "inflates", "prints", "measures", "brews", "teaches", "builds", "syncs", "works",
               "lengthens", "supports", "relieves", "passed", "sourced", "also", "comes", "records", "protects"}
ADJ_STARTS = {"lightweight", "ultralight", "suitable", "available", "machine", "dermatologist", "organic", "cool",
              "smooth", "ready", "single", "freshly", "warm", "just", "as", "about", "pocket-sized", "palm-sized",
              "airline-safe", "soft", "gentle", "for", "expandable", "highly", "hand-polished", "app-controlled",
              "foldable", "waterproof", "breathable", "compact", "quiet", "clinically", "lightweight,"}
ADJ_ENDINGS = ("-free", "proof", "resistant", "certified", "tested", "washable", "through")
# Singular countable heads that take "a"/"an" in "It comes with a ...".
COUNTABLE_HEADS = {"case", "lock", "display", "screen", "lens", "plate", "midsole", "outsole", "waistband", "filter",
                   "pump", "motor", "harness", "vent", "window", "basket", "base", "arm", "frame", "top", "back",
                   "body", "cover", "belt", "panel", "shell", "port", "zip", "sleeve", "box", "bag", "mic", "sensor",
                   "nib", "barrel", "compact", "cut", "collar", "pocket", "finish", "texture", "layout", "tank",
                   "upper", "fit", "cushion", "headrest", "torch", "drawer", "bookmark", "platform", "mirror",
                   "print", "movement", "indicator", "timer", "mode", "closure", "strap", "teat", "lid", "reserve",
                   "design", "warranty", "interface", "membrane", "fold", "waist", "profile", "box toe"}
