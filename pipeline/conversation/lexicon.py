"""General-language word lists the conversation stages read: no shop's products, categories or policies.

Allergen and suitability words cover the catalogue format's fixed vocabularies (``ALLERGENS``,
``SUITABLE_FOR``); topic words describe what any specialty-food shop's policies talk about (shipping, returns,
allergens …) and are matched against *the shop's own policy texts* to find which policy covers a topic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from pipeline.allergens import ALLERGEN_NAMES, ALLERGEN_WORDS
from pipeline.textnum import has_cjk

__all__ = [
    "ALLERGEN_NAMES",
    "ALLERGEN_WORDS",
    "ATTRIBUTE_CUES",
    "CHANGES",
    "COLOUR_WORDS",
    "DIET_SAID",
    "EACH",
    "EN_COUNTS",
    "EN_FOOD_ADJECTIVES",
    "EN_FOOD_NOUNS",
    "FAR_PLACES",
    "FESTIVAL",
    "FOOD_HEAD_NOUNS",
    "FOOD_WORDS_ALONE",
    "HOW_LONG_ASK",
    "MACRO_REGIONS",
    "PACK_SHAPE_WORDS",
    "SOFT_WISH",
    "SYNONYMS",
    "TAG_NAMES",
    "TAG_WORDS",
    "TALK_TO_PERSON",
    "TEXTURE_HARD",
    "TEXTURE_SOFT",
    "TOPICS",
    "TOTAL_ASK",
    "UNITS_ZH",
    "UNSETTLED_CONDITIONS",
    "USUAL",
    "compile_words",
    "label_detail",
    "made_of_asked",
    "short_food_nouns",
    "unlisted_property",
    "unsettled_condition",
]

# how many, in English words ("two bags of", "a tin of", "another box")
EN_COUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "pair": 2, "another": 1,
}  # fmt: skip
# what it contains and who leaves it out, for what is avoided by choice or faith (said so, never "allergic")
DIET_SAID: dict[str, tuple[str, str, str, str]] = {
    "alcohol": ("酒精", "不喝酒", "alcohol", "avoids alcohol"),
    "pork": ("猪肉成分", "不吃猪肉", "pork", "doesn't eat pork"),
    "halal": ("没有清真认证的肉", "只吃清真", "meat that isn't halal-certified", "eats halal only"),
    "pungent": ("五辛", "不吃五辛", "one of the pungent vegetables", "keeps off the pungent vegetables"),
}
# the units a count is said in, in Chinese ("两袋", "一罐", "两饼")
# (块 is money too: "两块钱", "一百块以内", "两块五" are yuan, not two bricks)
UNITS_ZH = (
    "袋|罐|盒|瓶|包|份|个|件|斤|箱|套|饼|条|只|听|提|桶|板|串|坛|块(?!钱|以|左右|上下|多|的|[\\d一二三四五六七八九])"
)
# a count for every product named before it ("干贝配崂山绿茶，各12份", "two of each")
EACH = re.compile(
    rf"各\s*(\d+|[一二两三四五六七八九十]+)\s*(?:{UNITS_ZH})|\b(two|three|four|five|six|ten|twelve) of each\b", re.I
)
# a health condition no catalogue field settles (purines, sodium, fat are not on the labels): the label's facts, and
# the doctor's word, never "suitable" — each with the words the answer names it by
UNSETTLED_CONDITIONS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"痛风|尿酸|\bgout|uric acid", re.I), "痛风", "gout"),
    (
        re.compile(r"高血压|血压(也|有点|有些|比较|一直|偏)?(高|偏高)|\bblood pressure|hypertension", re.I),
        "高血压",
        "high blood pressure",
    ),
    (re.compile(r"高血脂|血脂(高|偏高)|胆固醇|cholesterol", re.I), "血脂高", "high cholesterol"),
    (re.compile(r"肾(病|不好|功能|衰)|透析|kidney|dialysis", re.I), "肾脏方面的问题", "a kidney condition"),
    (re.compile(r"心脏病|心脏不好|heart (condition|disease|problems?)", re.I), "心脏方面的问题", "a heart condition"),
    (
        re.compile(r"胃(病|不好|溃疡)|肠胃不好|stomach (ulcer|problems?)|\bulcer", re.I),
        "肠胃方面的问题",
        "a stomach condition",
    ),
    (
        re.compile(r"怀孕|孕妇|孕期|哺乳|喂奶|母乳|坐月子|pregnan|breastfeed|nursing", re.I),
        "孕期或哺乳期",
        "pregnancy or breastfeeding",
    ),
)


def unsettled_condition(text: str, lang: str) -> str | None:
    """The health condition a text names that no catalogue field settles ("我爸痛风": 痛风), if one."""
    for pat, zh, en in UNSETTLED_CONDITIONS:
        if pat.search(text):
            return zh if lang == "zh" else en
    return None


# places a parcel goes to with fees and rules of their own, not the mainland couriers' lines
FAR_PLACES = frozenset({"海外", "香港", "澳门", "台湾"})
# a question about the discount tier an order reaches or the next one ("差多少能到下一档？", "能到更高一档吗？")
TIER_ASK = re.compile(
    r"下一档|更高一档|高一档|最高(那)?一?档|到.{0,8}那一档|哪一档|next (discount )?(tier|level|bracket)|"
    r"(higher|top|highest|better) (discount )?(tier|level|bracket)|bigger discount",
    re.I,
)
# a total asked for ("那一共多少钱？", "And the total with postage?", "what's the damage")
TOTAL_ASK = re.compile(
    r"一共|总共|合计|加起来|共计|总价|\btotal\b|altogether|all together|in all|the damage|comes? to", re.I
)

# the catalogue format's allergen vocabulary → words a customer may use (general language)
# the catalogue format's suitable_for tags → words a customer may use for the person or need
TAG_WORDS: dict[str, str] = {
    "elders": r"父母|爸妈|老人|长辈|老人家|爷爷|奶奶|外公|外婆|姥姥|姥爷|老爸|老妈|公婆|岳父|岳母|\belders?\b|elderly|parents?|"
    r"grandm|grandp|grandfather|grandmother|old(er)? (people|folks)|\b[6-9]\d[- ]years?[- ]old|[六七八九]十多?岁|(?<!\d)[6-9]\d\s*(?:多)?岁|"
    r"\b(?:is|turns?|turned|turning|aged|in (?:his|her) )\s*[6-9]\d\b(?!\s*(?:yuan|rmb|kuai|%|g\b|kg|ml|boxes|bags|jars|tins))",
    "children": r"孩子|小孩|儿童|宝宝|小朋友|儿子|女儿|婴儿|个月大|\bkids?\b|child|children|\bsons?\b|daughters?|toddler|"
    r"bab(y|ies)|infant|newborn|\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ]months?\b|"
    r"周岁|一岁|1岁|(现在|才|刚|刚满|只有|还不到|不到)\s*(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*个月(?![内后前以])|"
    r"\d{1,2}\s*个月的(宝宝|孩子|小孩|娃)|nephew|niece|\b([1-9]|1[0-2]|one|two|three|four|five|six|seven|eight|nine|ten)[- ]years?[- ]old|(?<![\d十])[1-9]岁|(?<![十\d])[两二三四五六七八九]岁|(my|her|his|our) (son|daughter|kid|boy|girl) is ([1-9]|1[0-2])\b|young children|toddlers?|小宝宝",
    "colleagues": r"同事|办公室|colleagues?|co-?workers?|office|team",
    "diabetics_low_sugar": r"糖尿病|控糖|低糖|无糖|血糖|diabet|low[- ]sugar|sugar[- ]free|watch(es|ing)? (his|her|their|my) sugar|"
    r"blood sugar|sugar (is|levels?|runs) (high|up)|high sugar",
    "vegetarians": r"素食|吃素|全素|吃斋|斋菜|素的|vegetarian|vegan|\bjain",
    "travellers": r"出差|旅行|旅游|路上|travel|trip|on the road",
    "home_cooks": r"做菜|下厨|炒菜|烹饪|做饭|\bcook(ing)?\b|kitchen|recipe",
    "business_gifts": r"客户|商务|领导|老板|business|clients?|boss",
}
TAG_NAMES: dict[str, dict[str, str]] = {
    "elders": {"zh": "长辈", "en": "elders"},
    "children": {"zh": "孩子", "en": "children"},
    "colleagues": {"zh": "同事分享", "en": "sharing with colleagues"},
    "diabetics_low_sugar": {"zh": "控糖的人", "en": "people watching their sugar"},
    "vegetarians": {"zh": "吃素的人", "en": "vegetarians"},
    "travellers": {"zh": "带在路上", "en": "taking on a trip"},
    "home_cooks": {"zh": "下厨", "en": "home cooking"},
    "business_gifts": {"zh": "商务送礼", "en": "business gifts"},
}

# English words that describe a food rather than name one (never a product's short name)
EN_FOOD_ADJECTIVES = frozenset(
    "sweet spicy salty savoury savory sour bitter smoked dried fresh original extra classic premium assorted mixed "
    "preserved fermented roasted toasted crispy crisp chopped sliced slices shreds pieces whole hand-peel hand-made "
    "handmade traditional imperial aged young raw ripe light strong mild numbing-spicy strange-flavour air-dried "
    "dry-cured sun-dried wild organic natural golden green black white red yellow brown small large mini family "
    "special select selected finest local homemade".split()
)

# English food nouns (general language): a kind of food, never on its own a product's name
EN_FOOD_NOUNS = frozenset(
    "tea teas cake cakes honey wine jerky sausage sausages ham mooncake mooncakes pastry pastries sauce paste oil "
    "jam juice beans bean nuts nut dates peel crisp noodles noodle candy sweets cookies biscuits chocolate cheese "
    "yogurt milk powder raisins berries fruit fruits liquor spirit baijiu brittle box boxes pack set jar tin bag "
    "rice meat beef pork lamb fish snack snacks gift gifts kit".split()
)

# one-character Chinese food nouns that end a product word (茶, 酱 …): general language
FOOD_HEAD_NOUNS = "茶酒酱醋蜜糕饼干肉枣笋粽团汁酥肠腿脯耳菇茸皮桃椒油糖果仁米面粉奶豆瓜梨杏李柿菌鱼虾鸭鸡蛋"
# the ones that name a kind of food on their own, in any sentence (果 is in 如果, 团 in 团购, 干 in 干净)
FOOD_WORDS_ALONE = "茶酒酱醋蜜糕肉枣笋粽菇茸"

# what a customer may ask about one product, by the catalogue field that answers it
ATTRIBUTE_CUES: dict[str, str] = {
    "packaging": r"包装|真空|袋装|罐装|瓶装|散装|散的|packag|vacuum|sealed|what (does|do) it come in|loose",
    "shelf_life": r"保质期|能放多久|放多久|能放几天|放几天|放得更久|能放更久|保存更久|能放多长|放多长|多久过期|过期|保存多久|keeps? better|lasts? longer|shelf life|keep (it|them|the [\w' -]{2,20})? ?for (years|months|a year|long)|放得久|能放几年|放几年|存几年|how long.*(keep|last|stay)|keep for|expire|best before|stays? (good|fresh)",
    "storage": r"怎么(保存|存放|储存|放)|咋(放|存)|如何(保存|存放)|开封后|开了以后|开了袋|开袋|打开后|开了之后|拆开|吃不完|冷藏|放冰箱|储存|路上|带着走|"
    r"store it|storage|refrigerat|fridge|after opening|once (it'?s |it is |i |you |we )?open|after (i|you) open|(been |already |i'?d already )opened|how (do|should) i (keep|store)|on the (train|way|road)",
    "ingredients": r"有些啥|装的是(啥|什么)|装了(些)?(啥|什么)|里头(装|有)(的是)?(啥|什么|些啥)|里面装|放了(些)?(啥|什么)|what'?s (actually )?in (it|that|the|this|those|these)\b|what comes in|里头都有|里面都有|里面有什么|都有什么|有啥东西|配料|成分|原料|用什么做|加了什么|添加|ingredient|what'?s in it|made (of|from|with)|contain",
    "allergens": r"过敏|过敏原|allerg",
    "origin": r"产地|哪里产|哪儿产|哪里的|哪里来|从哪|出自|哪里种|在哪种|哪年|今年的|新米|新茶|where.*(from|made|produced|grown)|"
    r"\borigin\b|which (region|province)|this year'?s (harvest|crop)|harvest|which year|how fresh",
    "size": r"多重|多少克|几克|净含量|规格|多大|容量|多少毫升|有几个|几个|多少个|几块|几片|几袋|how many (pieces|cakes|bags|sachets|in)|how (big|heavy|much does it weigh)|weight|net|grams?|\bml\b|size",
    "price": r"^(?!.*(?:运费|邮费|快递费|冷链费|礼盒费|贺卡费|定金|尾款|多少天|多少克)).*多少[？?]\s*$|现在多少|what'?s (it|that|the total) now|what is (it|that|the total) now|what did (i|we) pay|how much did (i|we) pay|付了多少|花了多少|多少钱|价格|几块|什么价|一共多少|总共多少|合计|算下来|算一下|算算|要付多少|付多少|how much|price|cost|what do i (pay|owe)|the bill|(the|a|in) total\b|come to\b|"
    r"comes to\b|what'?s the damage|what do i owe|how much do i owe|add (it|that|them) up",
    "spiciness": r"辣不辣|多辣|辣吗|辣度|有多辣|更辣|哪个辣|没那么辣|不那么辣|hotter|spicier|less spicy|how (spicy|hot)|\b(is|are)\b[^?]{0,40}\b(spicy|hot)\b[^?]*\?|spiciness",
    "sweetness": r"甜不甜|多甜|甜吗|甜度|更甜|哪个甜|没那么甜|不那么甜|sweeter|less sweet|how sweet|\b(is|are)\b[^?]{0,40}\bsweet\b[^?]*\?|sweetness|sugar",
    "gift_box": r"礼盒|盒装|能送人|适合送人|送人合适|拿得出手|体面|gift ?box|boxed|come in (a |nice )?(gift )?box(es)?|presentable|as a gift|good gift",
    "stock": r"有货|有没有货|现货|缺货|卖完|还有吗|还有没有|还能买|in stock|available|sold out|still (have|sell)|any left",
    "brand": r"牌子|品牌|哪家|厂家|brand|maker|who makes",
    "serving": r"怎么吃|怎么做|怎么泡|怎么喝|怎么煮|怎么用|怎么热|怎么加热|要加热|热一下|吃法|够几个人|几个人吃|几人份|够.{0,3}人吃|"
    r"how (do|should|can) (i|you|we) (eat|cook|serve|brew|drink|use|heat|warm|prepare|reheat)|how to (eat|cook|serve|brew|use|heat|prepare)|"
    r"serving|how many (people|guests|servings|persons)|(does|will) it (feed|serve)|feeds? how many|"
    r"(drink|have|eat|serve|take) (it|this|them|these) with|配.{0,6}(吃|喝)|加.{0,4}(奶|糖|蜂蜜).{0,4}(喝|泡|冲)",
    "taste": r"什么味|口味|味道|好吃吗|口感|taste|flavou?r|what.*like",
    "alcohol": r"多少度|度数|酒精度|几度|how strong|boozy|how much alcohol|\babv\b|alcohol (content|percentage|level)|proof\b|% ?vol",
    "cold_chain": r"冷链|冷藏运输|要冷藏|要不要冷藏|冷着|cold chain|chilled|refrigerated|kept cold|keep (it |them )?cold|need (the |a )?fridge",
}

# what shop policies talk about: a topic is found in the question by these words and assigned to the shop
# policy whose own question and answer use them most (policy ids are the shop's own; never read here)
# "我要直接跟人说": to a person, not the guide
TALK_TO_PERSON = r"(?:跟|和|同)真?人(?:说|聊|讲|谈|沟通)"

TOPICS: dict[str, str] = {
    "human": r"人工|真人|"
    + TALK_TO_PERSON
    + r"|店员|客服|找人|转接|活人|human|real person|\bstaff\b|speak to (someone|a person)|talk to (someone|a person|a human)|agent|representative|clerk",
    "complaint": r"投诉|差评|太差|不满意|态度|complain|complaint|terrible|unacceptable",
    "quality": r"烂了|烂掉|腐烂|烂的|长了?白毛|长霉|发黑了|裂了|摔碎|漏出来|粘糊糊|怎么赔|赔偿|rotten|mouldy|moldy|gone bad|cracked|"
    r"化冻了|解冻了|化软了|全软了|化成水了|冰袋(早就|早|全|都)化了|干冰(早就|早|全|都)没了|(was|were|had|came|arrived) "
    r"(all )?(thawed|defrosted)|arrived (warm|soft)|ice packs? had (all )?melted|"
    r"leak(ed|ing|s)? (all )?over|smashed|broken (in|on) (transit|arrival)|turned up (broken|cracked|damaged|open)|"
    r"arrived (broken|cracked|damaged|open|squashed)|sticky with|damaged|grainy|half solid|gone (all )?(grainy|solid|hard|white)|fake|假的|掺了|掺东西|smells? (seriously )?off|发霉|长毛|霉了|变质|坏了|馊|臭了|过期了|异味|有虫|破损|压坏|压扁|碎了|漏了|漏液|发错|少发|不凉|化了|"
    r"mou?ld|spoil|rotten|gone off|went off|go(ne)? bad|go off|gone (all )?(white|hard)|turned (white|hard)|smells? (bad|off)|expired|damaged|broken|crushed|squashed|dented|leak|"
    r"wrong item|missing item|arrived warm|was warm|melted|"
    r"长了.{0,8}毛|毛毛|白毛|绿毛|霉点|霉斑|发绿了|鼓起来|鼓包|鼓鼓的|胀袋|胀包|胀气|袋子?胀|袋子?都胀|胀起来了|(一|有)股.{0,2}(酸|怪|臭|馊|霉)味|有(点|些)?(酸|怪|臭|馊|霉)味|(汤|水|汁)(都|有点|全)?(浑|发浑|变浑)了?|发浑|变浑浊|发黏|拉丝了|有.{0,2}酸味|闻着.{0,6}(酸|怪|臭|不对)|发酸了|变酸了|酸掉了|味道(不对|怪怪|变了)|变味|"
    r"smells? (?:really |very |a bit |quite |kind of |a little |pretty |so |too )+(?:sour|off|bad|funny|strange|weird|rotten|"
    r"musty)|tastes? (?:really |very |a bit |quite |kind of |a little |pretty |so )+(?:sour|off|funny|strange|weird)|"
    r"bulg(?:ing|ed|es)|domed|swollen|bloated|slimy|(liquid|brine|juice) (is|was|went|turned) cloudy|puffed up|smells? (sour|funny|strange|weird)|tastes? (sour|off|funny|strange|weird)|fizz",
    "returns": r"something'?s (off|wrong)|if (it|something|anything) (arrives|is|comes) (damaged|broken|off|wrong|bad)|"
    r"how long do i have to (tell|report|let you know|complain)|多久内(要)?(说|联系|反馈)|几天内(要)?(说|联系|反馈)|退货|退款|退换|换货|退钱|退回|寄回|能退|退吗|可以退|退不退|退掉|还能赔|能赔|赔吗|怎么赔|赔偿|补偿|refund|return|exchange(?! rate)|"
    r"money back|send (it |them )?back|take (it|them) back|compensat",
    "shipping_fee": r"运费|邮费|包邮|快递费|shipping (fee|cost|charge)|(with|including|incl\.?|plus) (the )?(shipping|postage|delivery)\b|(shipping|postage) included|postage|free shipping|delivery (fee|charge|cost)|shipping.*free|"
    r"how much (is|for|does|would|will) (the )?(delivery|shipping|postage)|(cost|costs) to (send|ship|post|deliver)",
    "dispatch": r"go(es)? out|sent out|ship(s|ped)? out|leave the shop|when (will|does|would) (it|they|that|the \w+) (\w+ )?(go out|ship|leave|be sent|get sent)|什么时候发|几点发|当天发|多久发|发货|能发|啥时候发|哪天发|哪天能发|哪天寄|几号发|今天.{0,4}(付款|下单|付钱)|if i (order|pay) (now|today)|order (now|today)|when.*(ship|dispatch|send)|dispatch|ship (it |them )?(today|same day)|same day|go out today|"
    r"(ship|send|post|dispatch) (it |them |this |that |the order )?(on|this|next) (mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"(周|星期|礼拜)[一二三四五六日天].{0,4}(能|可以)?(发|寄|出)",
    "delivery_time": r"how many days|几天能到|要多少天|几天到|多久到|多长时间到|什么时候到|几天能到|要几天|送达|到货|how long.*(deliver|take|arrive|get there)|how long\s*(,|\?|and\b)|when.*arrive|arrive|delivery time|多久能到|几天|"
    r"(need (it|them|this|that)|arrive|get (it |them )?(there )?) by (mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"(周|星期|礼拜)[一二三四五六日天](之?前)?.{0,3}(能|可以)?(到|收到)",
    "courier": r"same (parcel|box|package|shipment)|一起寄|一起发|放一起寄|同一个包裹|分开寄|ship(ped)? separately|\bSF\b|sf express|upgrade (to|the)|快递|顺丰|中通|圆通|韵达|邮政|物流|courier|which (carrier|delivery company)",
    "cold_chain": r"冷链|冷运|冰袋|保温箱|冷藏运输|cold chain|chilled|refrigerated|ice packs?",
    "gift_wrap": r"包装成礼物|礼品包装|包一下|贺卡|卡片|礼品袋|(装|塞|放)(进|到|在)?.{0,4}礼盒|"
    r"(put|pack|go|fit)\b.{0,25}\bin(to)? (a|the|one|your)( same| one)? gift ?box|gift ?wrap|wrapping|greeting card|(?<!credit )(?<!visa )(?<!bank )(?<!debit )(?<!express )\bcards?\b|gift bag",
    "invoice": r"发票|开票|补开|专票|普票|invoice|fapiao|\bvat\b",
    "payment": r"怎么付|付款方式|支付方式|微信支付|支付宝|刷卡|现金|货到付款|能用.{0,6}(付|支付)|pay (for (it|them|this|that) )?(with|by|using)|payment method|alipay|wechat pay|credit card|\bcash\b|visa|mastercard|"
    r"paypal|amex|american express|apple pay|unionpay|银联|信用卡|数字人民币",
    "hours": r"when (are|is) (they|you|the clerks?|the staff|someone|somebody) (around|available|on|in|online|back)|"
    r"什么时候有人|几点有人|几点上班|几点下班|什么时候下班|店员几点|还有人(回|在|吗)|有没有人(回|在)|有人回(复|我)?吗|"
    r"(晚上|半夜|夜里|现在|这会儿?|这么晚).{0,12}(有人|回复|回吗|在线)|anyone (still )?(there|around|online|answering)|"
    r"(is|are) (anyone|someone|somebody|the clerks?|staff) (still )?(there|around|online|answering)|this late|at night|"
    r"(门店|店里|店)[^，。？?]{0,4}开(吗|不开|着吗|门吗)|开不开门|开到几点|几点关|营业到|开到|每天\d{1,2}[:：]\d{2}|open (daily|every day)|open until|close at|open (late|till)|周[一二三四五六日末].{0,4}(开|营业)|几点开门|营业时间|几点关门|开门|关门|营业|店在哪|在哪里|(?:店|你们|门店)的?地址|地址在哪|opening hours|what time.{0,20}(open|close)|are you open|be open\b|still open|open (at|on|if|when|by)\b|open (today|tomorrow|on)|closing time|where is the shop|where are you|where.{0,12}\b(shop|store)\b|(your|the shop'?s?|the store'?s?|store|shop) address|address of (the|your) (shop|store)|附近|离.{0,8}(远|近)|is (your|the) shop near|how (do|can) i get to (you|the shop)",
    "allergen_info": r"过敏原|过敏信息|交叉污染|微量|同一(工厂|车间)|(一个|同一个)(厂|工厂|车间|生产线)|沾到别的|会不会沾|混进|made in the same|same (line|kitchen)|allergen information|allergy info|cross[- ]contam|traces?|same (factory|facility)",
    "bulk": r"样品|寄样|samples? (first|before|box|order)|团购|批量|企业订|公司订|公司要订|企业礼品|大批|corporate|bulk|company order|wholesale|logo|for (my|our) (staff|employees)",
    "overseas": r"海外|国外|出国|境外|寄到(英国|美国|日本|韩国|澳洲|澳大利亚|加拿大|德国|法国|新加坡|马来西亚|泰国|印度)|"
    r"加拿大|英国|美国|日本|韩国|澳洲|澳大利亚|新西兰|德国|法国|新加坡|马来西亚|欧洲|"
    r"overseas|abroad|international|\b(the )?(uk|usa|u\.s\.|canada|australia|new zealand|japan|korea|germany|france|india|"
    r"singapore|england|britain|europe|america|malaysia)\b",
    "luggage": r"带上飞机|上飞机|飞机|托运|行李|安检|随身|登机|高铁|火车|luggage|carry-?on|cabin|on (the|a) plane|flight|flying|fly (home|back)|airport|hand baggage|check(ed)? in|suitcase|checked bag|hold bag|in my (bag|case)",
    "fragile": r"防碎|气泡膜|包好|打包|会不会碎|不会碎|bubble|break|fragile|protect|pack (it|them) (well|safely)",
    "send": r"寄到|寄给|寄去|发到|送到|寄过去|能到(?![^，。？?]{0,6}(?:档|折|级|优惠|门槛|包邮|标准|减))|寄什么|能寄|可以寄|\bmail\b|(post|ship|mail|send)\b.{0,70}\bover there|can i (actually )?send|what can .{0,15}(send|ship|mail)|send .{0,30}\bto\b|ship .{0,30}\bto\b|post .{0,30}\bto\b|deliver .{0,30}\bto\b|get there|go to|get to|reach",
    "lead_time": r"最晚.{0,10}(下单|下了|单子)|赶得上|赶不上|提前多久|提前几天|最晚.{0,6}下单|来得及|多久前下单|提前.{0,3}\d+\s*(天|周|个?工作日|个?星期)|"
    r"how far ahead|in advance|order by|deadline|latest .{0,10}order|\d+ (working )?(days|weeks) (ahead|in advance|before)|"
    r"来不及|too late|in time for|still make it|enough time",
    "deposit": r"定金|订金|预付|首付|deposit|prepay|down payment",
    "tasting": r"试吃|品尝|尝一下|尝尝|尝一口|先尝|试喝|tasting|samples?|try (it |some )?(first|before)|taste (it )?first|(taste|try) .{0,25}before|can i (taste|try)",
    "contact": r"电话|微信号|加微信|邮箱|联系方式|怎么联系|phone number|wechat|e-?mail|(?<!cross[- ])contact(?!-free)|how (can|do) i reach",
    "pickup": r"自提|到店取|门店取|来店里拿|到店拿|(?:到|来|去)店里?(?:拿|取|提)|店里(?:拿|取|提)|pick ?up|pick (it|them) up|collect (it |them )?(in|at|from) (the )?(store|shop)",
    "order_change": r"改地址|修改订单|取消订单|改订单|地址(写|填)?错|change (my |the )?(order|address)|cancel|"
    r"(fix|correct|update|edit|amend) (the |my )?(street|address)|wrong (street|address)",
    "seasonal": r"预订|预定|先订|提前订|pre-?order|pre-?sale|reserve (some|one|a box)|什么时候上市|什么时候有货|几月(才)?有|"
    r"when (is|are) .{0,24}(in season|available again|back)|when (do|will) you (get|have) .{0,20}(again|in)\b",
    "membership": r"会员|积分|member|points|loyalty",
}

# cities and provinces → the macro-regions Chinese delivery tables are written in (general geography)
# a rule's words on leaving China or entering another country (a flight abroad, customs)
ABROAD_WORDS = r"出境|入境|国外|海外|出国|国际航班|abroad|international|other countries|customs|entry|入关|海关"

# countries a parcel or a flight goes to, by the names and cities customers say (general geography, any shop):
# a shop's overseas rule may add its own limits for one country ("俄罗斯不寄乳制品", "Japan takes no rice")
COUNTRIES: dict[str, tuple[str, ...]] = {
    "俄罗斯": (
        "俄罗斯",
        "俄国",
        "海参崴",
        "符拉迪沃斯托克",
        "莫斯科",
        "圣彼得堡",
        "russia",
        "vladivostok",
        "moscow",
        "st petersburg",
    ),
    "韩国": ("韩国", "首尔", "釜山", "济州", "south korea", "korea", "seoul", "busan", "jeju"),
    "日本": ("日本", "东京", "大阪", "京都", "北海道", "japan", "tokyo", "osaka", "kyoto", "hokkaido"),
    "澳大利亚": (
        "澳大利亚",
        "澳洲",
        "悉尼",
        "墨尔本",
        "布里斯班",
        "珀斯",
        "australia",
        "sydney",
        "melbourne",
        "brisbane",
        "perth",
    ),
    "新西兰": ("新西兰", "奥克兰", "new zealand", "auckland", "wellington"),
    "美国": (
        "美国",
        "纽约",
        "洛杉矶",
        "旧金山",
        "西雅图",
        "usa",
        "america",
        "united states",
        "new york",
        "los angeles",
        "san francisco",
        "seattle",
    ),
    "加拿大": ("加拿大", "多伦多", "温哥华", "canada", "toronto", "vancouver", "montreal"),
    "英国": ("英国", "伦敦", "曼彻斯特", "uk", "england", "britain", "london", "manchester"),
    "德国": ("德国", "柏林", "汉堡", "慕尼黑", "germany", "berlin", "hamburg", "munich"),
    "法国": ("法国", "巴黎", "france", "paris"),
    "新加坡": ("新加坡", "singapore"),
    "马来西亚": ("马来西亚", "吉隆坡", "malaysia", "kuala lumpur"),
    "泰国": ("泰国", "曼谷", "thailand", "bangkok"),
}
COUNTRY_EN: dict[str, str] = {
    "俄罗斯": "Russia",
    "韩国": "South Korea",
    "日本": "Japan",
    "澳大利亚": "Australia",
    "新西兰": "New Zealand",
    "美国": "the USA",
    "加拿大": "Canada",
    "英国": "the UK",
    "德国": "Germany",
    "法国": "France",
    "新加坡": "Singapore",
    "马来西亚": "Malaysia",
    "泰国": "Thailand",
}


def said_in(text: str, names: Iterable[str]) -> bool:
    """Whether the text says one of the names: a Chinese one anywhere, an English one as whole words ("usa" is no
    place inside "sausage")."""
    low = text.lower()
    return any(
        (n in text) if re.search(r"[\u4e00-\u9fff]", n) else re.search(rf"\b{re.escape(n.lower())}\b", low)
        for n in names
    )


def country_in(text: str) -> str | None:
    """The country a question's destination is in ("my brother lives in Vladivostok" → 俄罗斯), if one is said."""
    return next((country for country, names in COUNTRIES.items() if said_in(text, names)), None)


@lru_cache(maxsize=4096)
def countries_named(text: str) -> frozenset[str]:
    """Every country a text names ("the USA takes only tea…; Canada takes…")."""
    return frozenset(country for country, names in COUNTRIES.items() if said_in(text, names))


MACRO_REGIONS: dict[str, tuple[str, ...]] = {
    "江浙沪": (
        "江苏",
        "浙江",
        "上海",
        "南京",
        "苏州",
        "杭州",
        "宁波",
        "无锡",
        "jiangsu",
        "zhejiang",
        "shanghai",
        "nanjing",
        "suzhou",
        "hangzhou",
        "ningbo",
    ),
    "华东": (
        "江苏",
        "浙江",
        "上海",
        "安徽",
        "福建",
        "江西",
        "山东",
        "合肥",
        "福州",
        "厦门",
        "南昌",
        "济南",
        "青岛",
        "anhui",
        "fujian",
        "jiangxi",
        "shandong",
        "xiamen",
        "qingdao",
        "east china",
    ),
    "华北": (
        "北京",
        "天津",
        "河北",
        "山西",
        "内蒙古",
        "石家庄",
        "太原",
        "呼和浩特",
        "beijing",
        "tianjin",
        "hebei",
        "shanxi",
        "inner mongolia",
        "north china",
    ),
    "华中": (
        "河南",
        "湖北",
        "湖南",
        "郑州",
        "武汉",
        "长沙",
        "henan",
        "hubei",
        "hunan",
        "wuhan",
        "changsha",
        "central china",
    ),
    "华南": (
        "广东",
        "广西",
        "海南",
        "广州",
        "深圳",
        "南宁",
        "海口",
        "三亚",
        "guangdong",
        "guangxi",
        "hainan",
        "guangzhou",
        "shenzhen",
        "south china",
    ),
    "西南": (
        "四川",
        "重庆",
        "贵州",
        "云南",
        "成都",
        "贵阳",
        "昆明",
        "sichuan",
        "chongqing",
        "guizhou",
        "yunnan",
        "chengdu",
        "kunming",
        "southwest",
    ),
    "西北": (
        "陕西",
        "甘肃",
        "宁夏",
        "西安",
        "兰州",
        "银川",
        "shaanxi",
        "gansu",
        "ningxia",
        "xi'an",
        "xian",
        "lanzhou",
        "northwest",
    ),
    "东北": (
        "辽宁",
        "吉林",
        "黑龙江",
        "沈阳",
        "大连",
        "长春",
        "哈尔滨",
        "liaoning",
        "jilin",
        "heilongjiang",
        "shenyang",
        "dalian",
        "harbin",
        "northeast",
    ),
    "新疆": ("新疆", "乌鲁木齐", "喀什", "xinjiang", "urumqi", "kashgar"),
    "西藏": ("西藏", "拉萨", "tibet", "lhasa"),
    "青海": ("青海", "西宁", "qinghai", "xining"),
    "香港": ("香港", "九龙", "新界", "尖沙咀", "铜锣湾", "hong kong", "kowloon", "new territories"),
    "澳门": ("澳门", "氹仔", "路环", "macau", "macao", "taipa"),
    "台湾": (
        "台湾",
        "台北",
        "新北",
        "台中",
        "台南",
        "高雄",
        "桃园",
        "新竹",
        "基隆",
        "嘉义",
        "花莲",
        "taiwan",
        "taipei",
        "taichung",
        "tainan",
        "kaohsiung",
        "taoyuan",
        "hsinchu",
        "keelung",
    ),
    "海外": (
        "海外",
        "国外",
        "英国",
        "美国",
        "加拿大",
        "澳洲",
        "澳大利亚",
        "日本",
        "韩国",
        "德国",
        "法国",
        "新加坡",
        "overseas",
        "abroad",
        "uk",
        "england",
        "britain",
        "london",
        "manchester",
        "usa",
        "america",
        "canada",
        "australia",
        "japan",
        "korea",
        "germany",
        "hamburg",
        "berlin",
        "france",
        "paris",
        "singapore",
        "india",
        "bangalore",
        "europe",
        "seattle",
        "new york",
        "los angeles",
        "san francisco",
        "toronto",
        "vancouver",
        "sydney",
        "melbourne",
        "tokyo",
        "osaka",
        "seoul",
        "kuala lumpur",
        "bangkok",
        "dubai",
        "mumbai",
        "delhi",
        "new zealand",
        "auckland",
        "悉尼",
        "墨尔本",
        "多伦多",
        "温哥华",
        "纽约",
        "洛杉矶",
        "东京",
        "首尔",
        "伦敦",
        "巴黎",
        *(n for names in COUNTRIES.values() for n in names),
    ),
}
# every region and city name above: a place a parcel goes to or a product comes from, never a product's name
PLACE_WORDS = frozenset(n for names in MACRO_REGIONS.values() for n in names) | frozenset(MACRO_REGIONS)

MACRO_REGION_EN: dict[str, str] = {
    "江浙沪": "Jiangsu, Zhejiang and Shanghai",
    "华东": "East China",
    "华北": "North",
    "华中": "Central",
    "华南": "South",
    "西南": "Southwest",
    "西北": "Northwest",
    "东北": "Northeast",
    "新疆": "Xinjiang",
    "西藏": "Tibet",
    "青海": "Qinghai",
    "香港": "Hong Kong",
    "澳门": "Macau",
    "台湾": "Taiwan",
    "海外": "overseas",
}


def compile_words(pattern: str) -> re.Pattern[str]:
    """One case-insensitive pattern."""
    return re.compile(pattern, re.I)


# words a customer uses for what a shop's rules say otherwise (general language): added to the question's words
SYNONYMS: dict[str, str] = {
    "专票": "专用发票 增值税",
    "普票": "普通发票",
    "定金": "订金 预付",
    "订金": "定金 预付",
    "包邮": "免运费",
    "邮费": "运费",
    "快递费": "运费",
    "卡片": "贺卡",
    "多少度": "酒精度",
    "刷卡": "银联 信用卡",
    "货到付款": "到付",
    "postage": "shipping fee",
    "boxed": "gift box",
    "ring": "phone call",
    "deposit": "prepay advance",
    "wrap": "wrapping packaging",
    "card": "cards",
    "fapiao": "invoice",
    "company invoice": "vat fapiao special",
    "how far ahead": "in advance working days before",
    "cash on delivery": "cash delivery",
    "pay cash": "cash on delivery",
    "pick it up": "collect pick up",
    "money back": "refund",
    "carry-on": "cabin hand luggage",
    "close": "open hours",
    "关门": "营业",
    "baijiu": "alcohol liquor spirits",
    "白酒": "酒类 酒精",
    "wine": "alcohol",
    "过年": "春节",
    "年前": "春节 节前",
    "年后": "春节 恢复",
    "new year": "spring festival",
}

# a pack described by its look ("the green one", "红色那款", "the one in the tin"): colour → words (general language)
COLOUR_WORDS: dict[str, str] = {
    "red": r"红|\bred\b",
    "green": r"绿|green",
    "gold": r"金色|金边|金的|金条|gold",
    "yellow": r"黄色|黄的|yellow",
    "white": r"白色|白的|white",
    "black": r"黑色|黑的|black",
    "blue": r"蓝|blue",
    "brown": r"棕|咖啡色|褐色|brown",
    "purple": r"紫|purple",
    "orange": r"橙|orange",
    "pink": r"粉色|粉红|pink",
    "silver": r"银色|silver",
    "cream": r"米色|米白|奶白|cream",
}
PACK_SHAPE_WORDS: dict[str, str] = {
    "bag": r"袋|bags?\b|pouch",
    "tin": r"铁罐|铁盒|tins?\b|\bcan\b",
    "jar": r"罐|瓶|jars?\b",
    "box": r"盒|box(es)?\b|carton",
    "bottle": r"瓶|bottles?\b",
}

# "the usual": a wish for what the customer bought before (a recommendation that leans on their history)
# the same again: an earlier order, reordered ("再来一份", "I want the same again") — whatever else it asks
REORDER = re.compile(
    r"再来[一两二三四五六七八九十\d]|再要[一两\d]|照着再|(want|get|like|have|order) the same|same again|reorder", re.I
)
USUAL = (
    r"老样子|老规矩|照旧|跟(上次|以前|去年|往年)一样|还是(那几样|那些|上次那)|"
    r"the usual|same as (last time|before|usual|last year)|like last time|as usual|what i (usually|always) get"
)

# how a food's own text says it feels to eat (general language): for weak teeth, soft food
TEXTURE_SOFT = (
    r"软|糯|绵|入口即化|化渣|松软|酥软|咬得动|嚼得动|丝滑|\bsoft(?:er|est)?\b|tender|melts? in the mouth|melt-in-the-mouth|mushy|"
    r"silky|easy to chew|easy on (the )?teeth"
)
TEXTURE_HARD = r"脆|硬|嚼劲|有嚼头|韧|耐嚼|嘎嘣|crunch|crisp|\bhard\b|chewy|firm|tough|brittle"
# asking for soft food ("老人牙口不好", "her teeth aren't good")
SOFT_WISH = r"teeth left|no teeth|few teeth|lost (her|his|their) teeth|toothless|牙口不好|牙不好|牙口差|咬不动|嚼不动|没牙|假牙|软一点|软的|软和|soft|weak teeth|teeth (aren'?t|are not|are bad|are weak)|bad teeth|easy to chew|dentures"

# changes a food may show that a shop's text may call natural (general language): the customer's words and the
# label's words for the same change
CHANGES: dict[str, str] = {
    "crystals": r"结晶|结了|颗粒|沙沙|发白|变白|白白的|凝固|变硬|crystal|grainy|gone (all )?(white|hard|solid|cloudy)|turned (white|hard|solid)|white (bits|specks|layer)|solidif",
    "oil": r"油|浮油|分层|析出|\boil|separat",
    "frost": r"白霜|糖霜|霜|白粉|frost|white powder|powdery|bloom",
    "sediment": r"沉淀|浑浊|絮状|sediment|cloudy|bits (at|on) the bottom",
}


# a yes/no question about a property no catalogue field holds ("Is it organic?", "有没有咖啡因？", "含不含防腐剂"):
# the word asked about, for "the shop's data doesn't say" (or the shop's own sentence naming it)
_PROPERTY_ASK = re.compile(
    r"\b(?:is|are) (?:it|they|this|that|these|those)(?: one| ones)? (?:certified |really |actually |all )?"
    r"([a-z][a-z-]{3,20})\s*[?？]|"
    r"\b(?:does|do) (?:it|this|that|they|these|those|the [\w' -]{1,40}?) (?:have|contain) (?:any |much |a lot of )?"
    r"([a-z][a-z-]{3,20})\b|"
    r"\bhow much ([a-z]{4,20}) (?:is in|does it|per)\b|"
    r"(?:是不是|是)([\u4e00-\u9fff]{2,4}?)的?(?:吗|呀|啊|？|\?)|有没有([\u4e00-\u9fff]{2,4}?)(?:吗|呀|？|\?)|"
    r"含不含([\u4e00-\u9fff]{2,4}?)(?:吗|？|\?|$)|([\u4e00-\u9fff]{2,3})含量",
    re.I,
)
_NOT_A_PROPERTY = re.compile(
    r"^(good|nice|okay|fine|safe|suitable|available|ready|real|true|right|worth|popular|expensive|cheap|cheaper|"
    r"sweet|sweeter|spicy|spicier|hot|mild|salty|sour|bitter|fresh|new|vegetarian|vegan|halal|kosher|sealed|"
    r"boxed|wrapped|included|allowed|there|here|still|enough|those|these|that|this|them|they|yours|ours|"
    r"你们|这个|那个|真的|正宗|好吃|好喝|新鲜|甜的|辣的|素的|一样|现货|有货|包邮|真空|原味|礼盒|进口|国产)$",
    re.I,
)


# a phrase, not a thing asked for: "一个厂做", "不太合适", "什么馅", "哪个", "doable"
_NOT_A_THING = re.compile(r"^[一哪什不太这那同个多很也还都就]|[做吃喝买寄送放带合适样么呢]|able$|ible$", re.I)


# a festival or holiday, by name ("春节前最晚哪天发", "Spring Festival: open until 16:00", "劳动节发货安排")
FESTIVAL = re.compile(
    r"春节|除夕|过年|大年|初[一二三四五六七八]|中秋|国庆|端午|元旦|清明|劳动节|五一|节假日|假期|节前|节后|"
    r"spring festival|chinese new year|new year'?s|lunar new year|mid-autumn|national day|dragon boat|labou?r day|"
    r"holidays?\b",
    re.I,
)
# how long something takes, asked ("专票几天能开好？", "how long does it take?" — not "都过了好几天")
HOW_LONG_ASK = re.compile(
    r"(?<![好前这那了])几天|多少天|要多久|多久|多长时间|几个工作日|how long|how many (?:days|hours|weeks)|how soon",
    re.I,
)


def short_food_nouns(low: str) -> set[str]:
    """The three-letter English food nouns a (lower-case) question says ("the ham", "just the tea")."""
    return {x for x in re.findall(r"\b[a-z]{3}\b", low) if x in EN_FOOD_NOUNS}


# a detail printed on a real pack that no catalogue field holds: a batch or lot, the production date, a test
# report, the nutrition table (sugar, calories, protein per 100 g), a licence number — general label words
_LABEL_DETAIL = re.compile(
    r"(批号|批次号?|生产批次|生产日期|出厂日期|哪天(?:生产|做)的|检测报告|质检报告|检验报告|化验|农残|营养成分表?|营养表|热量|卡路里|"
    r"(?:每|一)\s*100\s*(?:克|g|毫升|ml)[^，。？?]{0,6}?(?:含|有)?多少(?:克)?(?:糖|脂肪|蛋白质?|钠|盐|热量|卡)|含糖量|"
    r"(?:含|有)多少(?:克)?(?:糖|脂肪|蛋白质|钠)|糖分(?:是)?多少|多少克糖|生产许可证?|SC编号|执行标准|"
    r"\bbatch(?: number| no\.?|code)?\b|\blot (?:number|no\.?|code)\b|production date|manufactur\w* date|date of manufacture|"
    r"lab (?:report|test|result)s?|test (?:report|result)s?|pesticide|nutrition(?:al)?(?: facts| information| table| label)?|"
    r"calories|kcal|how (?:much|many grams of) (?:sugar|fat|protein|salt|sodium)|(?:sugar|fat|protein|sodium|salt) "
    r"(?:content|per 100)|grams? of (?:sugar|fat|protein)|per 100 ?(?:g|ml)\b|licen[cs]e number)",
    re.I,
)


def label_detail(question: str) -> str:
    """The pack detail asked for that no catalogue field holds ("这批的批号", "sugar per 100 ml"), or ""."""
    m = _LABEL_DETAIL.search(question)
    if not m:
        return ""
    word = re.sub(r"^how (?:much|many grams of) (\w+)$", r"\1 content", m.group(1).strip(), flags=re.I)
    return word if has_cjk(word) else word.lower()


# "虫草花是虫子做的吗？", "鹧鸪茶里有鸟肉吗", "Is there actual bird in it?": the thing a name makes one think it holds
_MADE_OF = re.compile(
    r"(?:是|用)(?:用)?(?!一个|同一|哪|什么|啥|手工|机器|谁|人|厂|工厂|车间|自己|现)([\u4e00-\u9fff]{1,4}?)"
    r"(?:做|制|熬|泡|酿|磨)(?:的|成的?)(?:吗|嘛|么|？|\?)|"
    r"(?<![店家这那城市们])里(?:面|头)?(?:是不是|到底|真的?)*有(?:没有)?(?!什么|啥|几|多少|哪|怎)([\u4e00-\u9fff]{1,4}?)"
    r"(?:吗|嘛|么|没得|没有|不|？|\?)|"
    r"(?:跟|和|与)([\u4e00-\u9fff]{1,4}?)有(?:什么|啥|没有)?关系|"
    r"\bmade (?:of|from|with) (?:real |actual |any )*([a-z]+)|\bis there (?:any |real |actual |really )*([a-z]+) in\b|"
    r"\b(?:contain|have) (?:any |real |actual )+([a-z]+)|anything to do with (?:a |an |real |actual )*([a-z]+)",
    re.I,
)


def made_of_asked(question: str) -> str:
    """What a question asks whether the product is made of, or "" ("是虫子做的吗" → 虫子)."""
    m = _MADE_OF.search(question)
    return next((g for g in m.groups() if g), "") if m else ""


def unlisted_property(question: str) -> str:
    """The property a yes/no question asks about, when it is none of the words a field or a policy answers
    (attributes, suitability tags, allergens, policy topics); "" otherwise."""
    if detail := label_detail(question):
        return detail
    known = (*ATTRIBUTE_CUES.values(), *TAG_WORDS.values(), *ALLERGEN_WORDS.values(), *TOPICS.values())
    for m in _PROPERTY_ASK.finditer(question):
        word = re.sub(r"[吧吗呢啊呀嘛]+$", "", next((g for g in m.groups() if g), "").strip("-"))  # "菌子吧" asks 菌子
        if not word or _NOT_A_PROPERTY.match(word) or _NOT_A_THING.search(word):
            continue
        if any(re.search(pat, word, re.I) for pat in known):
            continue
        return word
    return ""
