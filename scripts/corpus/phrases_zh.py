"""中文短语库 (Chinese phrase bank) for the corpus generator (scripts/gen_corpus.py).

Slots as in phrases_en.py: {product} {type} {brand} {category} {audience} {customer} {f} (one
feature exactly as given) {flist} (features joined with 、 and 和) {items}. {F} equals {f} in
Chinese. Benefit phrasings add no facts. Written as Chinese e-commerce copy (full-width
punctuation, 【】 headings, 回T退订 for SMS), not as translations of the English bank.
"""

TONES = {
    "professional": ["专业", "专业、简洁", "客观、专业"],
    "playful": ["活泼", "活泼、有趣", "轻松、俏皮"],
    "luxury": ["高端", "高端、精致", "优雅"],
    "urgent": ["限时促销", "紧迫、促销", "限时抢购"],
    "warm": ["温暖", "亲切", "温暖、亲切"],
}

OPENERS = {
    "professional": [
        "{product}是{brand}推出的一款{type}，专为日常使用打造。",
        "全新{product}，一款真正懂你需求的{type}。",
        "想找一款靠谱的{type}？{product}值得考虑。",
        "{brand}{type}新品——{product}，正式上市。",
        "{product}，把{type}该做好的每一件事都做好。",
        "选{type}，{product}是个放心的选择。",
    ],
    "playful": [
        "叮！你的新宠{type}已到货——{product}来啦！",
        "谁说{type}只能中规中矩？{product}偏要不一样！",
        "{product}上线啦，好玩又好用～",
        "今天给大家安利一款宝藏{type}：{product}！",
        "嘿，{product}来了，准备好被圈粉了吗？",
    ],
    "luxury": [
        "{product}，为追求品质的你而生。",
        "匠心之作，{product}重新定义{type}。",
        "细节见真章，{product}诠释{type}的高级感。",
        "{brand}{product}，低调之中见非凡。",
        "精工细作，{product}只为懂得的人。",
    ],
    "urgent": [
        "限时特惠！{product}超值开抢！",
        "手慢无！{product}限时优惠进行中！",
        "今日特惠，{product}闭眼入！",
        "{product}限时折扣，错过再等一年！",
        "库存告急！{product}抢到就是赚到！",
    ],
    "warm": [
        "生活里总有一些小物件，让日子变得更好。{product}就是其中之一。",
        "用心做好每一个细节，{product}只为更懂你。",
        "{product}，陪你度过每一个平凡又珍贵的日子。",
        "给忙碌的自己一点温柔，从{product}开始。",
        "把贴心藏进细节里，这就是{product}。",
    ],
}

FEATURE_SENTENCES = {
    "generic": [
        "{f}，用起来更省心。",
        "{f}，细节处见用心。",
        "{f}，日常使用更方便。",
        "{f}，让每一天都更轻松。",
        "{f}，实用又贴心。",
        "【{f}】好用看得见。",
    ],
    "battery": [
        "{f}，告别电量焦虑。",
        "{f}，出门不用再带充电线。",
        "{f}，一次充电安心用很久。",
    ],
    "charging": [
        "{f}，没电也不怕，很快就能满血复活。",
        "{f}，等待时间更短。",
        "{f}，随充随用。",
    ],
    "health_sensor": [
        "{f}，随时了解身体状态。",
        "{f}，把健康数据看得明明白白。",
        "{f}，守护你的每一天。",
    ],
    "activity": [
        "{f}，每一次努力都有迹可循。",
        "{f}，运动成果一目了然。",
    ],
    "design": [
        "{f}，好看又好用。",
        "{f}，处处是用心。",
        "{f}，颜值与实用兼得。",
    ],
    "comfort": [
        "{f}，从早到晚都舒服。",
        "{f}，几乎感觉不到它的存在。",
        "{f}，长时间使用也不累。",
    ],
    "water_resistance": [
        "{f}，风雨汗水都不怕。",
        "{f}，户外使用更安心。",
    ],
    "weight": [
        "{f}，轻松随身带。",
        "{f}，轻到几乎感觉不到。",
    ],
    "material": [
        "{f}，品质看得见、摸得着。",
        "{f}，经久耐用。",
        "{f}，质感出众。",
    ],
    "size": [
        "{f}，总有一款适合你。",
        "{f}，尺寸刚刚好。",
    ],
    "capacity": [
        "{f}，装得下生活所需。",
        "{f}，够用更从容。",
    ],
    "noise_cancelling": [
        "{f}，一秒隔绝喧嚣。",
        "{f}，通勤路上也能享受安静。",
    ],
    "sound": [
        "{f}，每个音符都清晰动听。",
        "{f}，听歌更过瘾。",
    ],
    "connectivity": [
        "{f}，连接快速又稳定。",
        "{f}，使用更自由。",
    ],
    "smart": [
        "{f}，智能又省心。",
        "{f}，让生活更聪明一点。",
    ],
    "display": [
        "{f}，信息一目了然。",
        "{f}，看得清清楚楚。",
    ],
    "safety": [
        "{f}，用得更放心。",
        "安全是底线：{f}。",
    ],
    "protection": [
        "{f}，全方位守护。",
        "{f}，日常磕碰不用慌。",
    ],
    "ingredient": [
        "{f}，温和呵护肌肤。",
        "核心成分：{f}。",
        "{f}，效果看得见。",
    ],
    "skin_type": [
        "{f}，天天用也安心。",
        "{f}，放心上脸。",
    ],
    "texture": [
        "{f}，上脸超舒服。",
        "{f}，用过就爱上。",
    ],
    "effect": [
        "{f}，坚持使用惊喜看得见。",
        "{f}，状态肉眼可见地变好。",
    ],
    "free_from": [
        "{f}，成分更安心。",
        "{f}，简单纯净。",
    ],
    "power": [
        "{f}，强劲高效。",
        "{f}，轻松搞定。",
    ],
    "noise": [
        "{f}，夜里用也不打扰家人。",
        "{f}，安静不扰人。",
    ],
    "care": [
        "{f}，打理超省事。",
        "{f}，日常护理很简单。",
    ],
    "fit": [
        "{f}，穿出好身材。",
        "{f}，版型好看又显气质。",
    ],
    "warranty": [
        "{f}，买得放心，用得安心。",
        "{f}，售后无忧。",
    ],
    "packaging": [
        "{f}，随时随地都能享用。",
        "{f}，方便又卫生。",
    ],
    "flavor": [
        "{f}，一口就停不下来。",
        "{f}，越吃越香。",
    ],
    "origin": [
        "{f}，好原料才有好品质。",
        "{f}，源头把关。",
    ],
    "certification": [
        "{f}，品质有保障。",
        "{f}，更加安心。",
    ],
}

FEATURE_LIST_SENTENCES = [
    "{flist}，一样不少。",
    "{flist}，统统安排上。",
    "集{flist}于一身。",
    "主要亮点：{flist}。",
    "{flist}，功能全面。",
]

TRANSITIONS = ["此外，", "不仅如此，", "更贴心的是，", "同时，", "值得一提的是，", "", "", ""]

AUDIENCE_SENTENCES = [
    "特别适合{audience}。",
    "{audience}的理想之选。",
    "无论你是不是{audience}，都值得拥有。",
    "专为{audience}打造。",
    "{audience}用了都说好。",
]

CLOSERS = {
    "professional": ["欢迎进店了解详情。", "现已上市，欢迎选购。", "立即下单，体验{product}。", "更多详情请见商品页。"],
    "playful": ["还等什么，赶紧加购吧！", "心动不如行动，冲鸭！", "快带它回家吧～", "姐妹们，冲！"],
    "luxury": ["即刻体验{product}。", "值得你拥有。", "品质生活，从此开始。", "为自己，选一份好品质。"],
    "urgent": ["活动即将结束，立即抢购！", "库存有限，先到先得！", "限时优惠，手慢无！", "马上下单，锁定优惠价！"],
    "warm": ["愿它陪你度过每个日常。", "好好照顾自己。", "把这份贴心带回家吧。", "用心之作，送给用心生活的你。"],
}

EMAIL_SUBJECTS = {
    "professional": ["{customer}，为您介绍{product}", "{brand}新品：{product}", "{customer}，这款{type}值得一看"],
    "playful": ["{customer}，这个你一定喜欢！", "叮咚！{customer}，你的新宠到了", "{customer}，快来看看这个宝藏{type}"],
    "luxury": ["{customer}，诚邀您品鉴{product}", "{product}：为您甄选", "{customer}，一份专属于您的心意"],
    "urgent": ["{customer}，优惠即将结束！", "最后机会：{product}限时特惠", "{customer}，限时优惠仅剩最后几天"],
    "warm": ["{customer}，为你挑了一件好物", "{customer}，一份小小的心意", "{customer}，我们想到了你"],
}
EMAIL_GREETINGS = ["亲爱的{customer}：", "{customer}，您好：", "Hi {customer}：", "尊敬的{customer}：", "{customer}你好："]
EMAIL_INTROS = {
    "professional": ["感谢您一直以来对{brand}的支持，今天为您介绍我们的新品{product}。", "很高兴向您推荐{product}。"],
    "playful": ["有个好消息憋不住了，必须第一时间告诉你！", "我们挑到了一款特别有意思的{type}，想跟你分享。"],
    "luxury": ["我们诚挚邀请您品鉴{product}。", "谨向您介绍{brand}匠心打造的{product}。"],
    "urgent": ["{product}限时特惠即将结束，我们不想让您错过。", "温馨提醒：{product}优惠活动进入倒计时。"],
    "warm": ["最近过得好吗？", "换季了，记得照顾好自己。看到{product}的时候，我们第一个就想到了你。"],
}
EMAIL_RECOMMENDED = ["您可能还会喜欢：{items}。", "顺便为您推荐{items}。", "很多选择它的顾客也入手了{items}。",
                     "搭配{items}一起使用，体验更好。"]
EMAIL_CTAS = {
    "professional": ["点击下方链接即可查看详情。", "如有任何问题，欢迎直接回复本邮件。"],
    "playful": ["快点开看看吧！", "戳下方按钮，马上了解～"],
    "luxury": ["期待您的莅临。", "恭候您的品鉴。"],
    "urgent": ["活动结束前下单即可享受优惠。", "库存有限，请尽快下单。"],
    "warm": ["慢慢挑，有问题随时找我们。", "我们一直都在。"],
}
EMAIL_SIGNOFFS = ["祝您生活愉快！", "祝好！", "期待您的再次光临！", "祝一切顺利！", "顺颂时祺。"]
EMAIL_SIGNATURES = ["{brand}团队", "{brand}客服中心", "你的朋友 {brand}"]

SMS = {
    "professional": ["【{brand}】{customer}您好，{product}现已上市，{f}。详情：{link}",
                     "【{brand}】{customer}您好，为您推荐{product}：{flist}。{link}"],
    "playful": ["【{brand}】{customer}，你的新宠{product}到啦！{f}，快来看看～{link}",
                "【{brand}】叮！{customer}，{product}上新，{f}！{link}"],
    "luxury": ["【{brand}】{customer}，诚邀您品鉴{product}，{f}。{link}",
               "【{brand}】{customer}您好，{product}为您甄选，{f}。{link}"],
    "urgent": ["【{brand}】{customer}，{product}限时特惠今晚截止！{f}，速抢：{link}",
               "【{brand}】最后一天！{customer}，{product}优惠即将结束，{f}。{link}"],
    "warm": ["【{brand}】{customer}，天气转凉，为你挑了{product}，{f}。{link}",
             "【{brand}】{customer}，一份小心意：{product}，{f}。{link}"],
}
SMS_LINKS = ["{domain}/new", "{domain}/sale", "{domain}"]
SMS_OPT_OUT = ["回T退订", "退订回T", "拒收请回复R"]

SOCIAL = {
    "weibo": [
        "{tags}{Opener}{f}，{f2}。{Cta}",
        "{tags}{product}来了！{flist}。{Cta}",
        "{Opener}\n{Feature_lines}\n{Cta}{tags}",
    ],
    "wechat": [
        "{Opener}\n\n{Body}\n\n{Cta}",
    ],
    "xiaohongshu": [
        "{Opener}\n\n{Feature_lines}\n\n{Cta}\n{tags}",
        "挖到宝了！{product}真的好用\n\n{Feature_lines}\n\n{Cta}\n{tags}",
    ],
    "x": [
        "{Opener}{f}，{f2}。{tags}",
    ],
}
SOCIAL_CTAS = ["评论区聊聊你最喜欢哪个功能～", "戳链接了解更多。", "现已开售。", "点赞收藏不迷路！", "你会入手吗？",
               "转发抽三位送出同款！"]

AD_HEADLINES = {
    "professional": ["{product}", "{brand}{type}", "全新{product}"],
    "playful": ["你的新宠{type}", "{type}也可以很好玩"],
    "luxury": ["匠心{type}", "{product}，品质之选"],
    "urgent": ["限时特惠", "{product}今日特价", "最后机会"],
    "warm": ["为你而来", "贴心好物"],
}
AD_DESCRIPTIONS = [
    "{f}，{f2}。{Cta}",
    "{product}：{flist}。{Cta}",
    "{f}、{f2}，{Cta}",
]
AD_CTAS = {
    "professional": ["了解详情。", "立即选购。"],
    "playful": ["快来试试！", "马上入手！"],
    "luxury": ["即刻品鉴。", "探索更多。"],
    "urgent": ["立即抢购！", "手慢无！"],
    "warm": ["带它回家。", "宠爱自己。"],
}

QUESTIONS = {
    "battery": ["续航能用多久？", "多久需要充一次电？"],
    "charging": ["充电快吗？", "支持快充吗？"],
    "water_resistance": ["防水吗？", "下雨天能用吗？"],
    "weight": ["重不重？", "天天带着会不会累？"],
    "size": ["尺寸怎么样？", "有哪些尺码？"],
    "material": ["是什么材质的？", "用的什么面料/材料？"],
    "health_sensor": ["有哪些健康功能？", "能监测健康数据吗？"],
    "noise_cancelling": ["降噪效果怎么样？", "有降噪功能吗？"],
    "capacity": ["容量多大？", "能装多少？"],
    "care": ["怎么清洗？", "好打理吗？"],
    "skin_type": ["敏感肌能用吗？", "适合我的肤质吗？"],
    "ingredient": ["主要成分是什么？", "里面有什么成分？"],
    "warranty": ["有质保吗？", "坏了怎么办？"],
    "generic": ["{product}有什么特别之处？", "为什么选{product}？", "{product}的主要功能有哪些？", "{product}值得买吗？"],
}
FAQ_ANSWERS = ["{f}，{benefit}", "好问题！{f}。", "简单来说：{f}。", "{f}。"]
FAQ_FOLLOWUPS = ["另外还有{flist}。", "同时还具备{flist}。", "此外，{flist}。", ""]

CS_MESSAGES = {
    "feature": ["你好，我想买{product}，{question}", "{question}下单前想确认一下。", "请问{product}{question}"],
    "delivery": ["我买的{product}怎么还没到？", "{product}下单一周了还没发货，能帮忙查一下吗？"],
    "return": ["{product}不太适合我，可以退吗？", "我想换一下{product}，怎么操作？"],
}
CS_REPLY_OPENS = ["{customer}您好，感谢您的咨询！", "亲，您好～", "{customer}您好，很高兴为您服务。", "您好{customer}，收到您的留言啦。"]
CS_DELIVERY_REPLIES = [
    "非常抱歉让您久等了！麻烦您把订单号发给我们，我们马上帮您查询物流进度。",
    "给您添麻烦了，请提供一下订单号，我们今天内给您回复具体的物流信息。",
]
CS_RETURN_REPLIES = [
    "很抱歉{product}没能让您满意。请把订单号发给我们，我们会一步步协助您办理退货。",
    "没问题，请把订单号发给我们，我们马上为您安排换货。",
]
CS_CLOSES = ["还有其他可以帮您的吗？", "祝您生活愉快！", "有任何问题随时联系我们哦～", "感谢您选择{brand}！"]

TASKS = {
    "product_description": ["根据以下产品信息，为电商网站撰写一段吸引人的产品描述。"],
    "email": ["根据以下信息，给客户写一封个性化营销邮件。", "写一封个性化邮件，包含主题和正文。"],
    "sms": ["写一条营销短信。"],
    "social_post": ["为指定平台写一条社交媒体帖子。"],
    "ad": ["写一条搜索广告，包含标题和描述。"],
    "faq": ["为常见问题页面回答客户的问题。"],
    "customer_service": ["以客服身份回复客户的留言。"],
}
CONSTRAINTS = {
    "product_description": [["80 到 150 字。", "提到所有产品特点。", "不写价格，不用表情符号。"], ["提到所有产品特点。", "不写价格。"]],
    "email": [["先写“主题：”，再写“正文：”。", "称呼客户的名字。", "提到所有产品特点。"],
              ["包含主题和简短正文。", "提到所有产品特点和推荐商品。"]],
    "sms": [["不超过 70 个字。", "只写一条短信。", "结尾加退订提示。"]],
    "social_post": [["提到所有产品特点。", "加上话题标签。"], ["简短、口语化。", "提到所有产品特点。"]],
    "ad": [["标题不超过 15 个字。", "描述不超过 45 个字。"]],
    "faq": [["用两三句话回答。", "只使用给出的产品特点。"]],
    "customer_service": [["礼貌、耐心。", "只使用给出的产品特点。"]],
}
CONTENT_TYPE_NAMES = {
    "product_description": "产品描述", "email": "邮件", "sms": "短信", "social_post": "社交媒体帖子",
    "ad": "广告", "faq": "常见问题解答", "customer_service": "客服回复",
}
CHANNEL_NAMES = {"website": "网站", "email": "邮件", "sms": "短信", "x": "X", "instagram": "Instagram",
                 "wechat": "微信公众号", "weibo": "微博", "xiaohongshu": "小红书", "search_ads": "搜索广告",
                 "faq": "网站", "support": "在线客服"}
LANGUAGE_NAME = "中文"

CUSTOMERS = ["小王", "李女士", "张先生", "陈晨", "刘洋", "王芳", "赵磊", "孙丽", "周杰", "吴敏", "郑爽", "林小姐",
             "黄先生", "何静", "高远", "马可", "罗欣", "谢婷", "唐宁", "许诺", "邓超", "韩梅", "冯雪", "曹阳",
             "彭丽", "董先生", "袁园", "蒋女士", "沈星", "杨帆"]
DOMAINS = ["{slug}.cn", "m.{slug}.cn", "t.{slug}.cn"]

# The seed document's own prompt shape: "任务: ...\n产品信息: ...\n产品特性描述:\n".
SEED_STYLE = {
    "task": ["任务: 根据以下产品信息,生成一段吸引人的产品特性描述", "任务：根据以下产品信息，生成一段吸引人的产品特性描述",
             "任务: 根据以下产品信息，生成一段吸引人的产品描述"],
    "info_label": ["产品信息:", "产品信息："],
    "output_label": ["产品特性描述:", "产品特性描述：", "产品描述:"],
    "info": ["一款{type}，{flist}。", "一款{type}，具有{flist}等特点。", "{product}，{flist}。"],
}
