"""Understand a question in its context: what kind of answer it wants, its needs, and which products it is about.

The dialogue state (what is on the table: the products under discussion and the needs that chose them) carries
across turns; "those / it / 这款 / 哪个 / the cheaper one" resolve against it, and a policy question with no
product of its own is asked about the products on the table. A new need (another category, another person)
replaces the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from pipeline.allergens import HALAL_AVOIDS
from pipeline.catalogue import Customer, Product, Shop
from pipeline.conversation import basket
from pipeline.conversation import words as w
from pipeline.conversation.customer import CustomerView
from pipeline.conversation.lexicon import (
    ALLERGEN_WORDS,
    ATTRIBUTE_CUES,
    COLOUR_WORDS,
    EACH,
    EN_COUNTS,
    EN_FOOD_ADJECTIVES,
    FAR_PLACES,
    FOOD_HEAD_NOUNS,
    FOOD_WORDS_ALONE,
    HOW_LONG_ASK,
    MACRO_REGIONS,
    PACK_SHAPE_WORDS,
    PLACE_WORDS,
    REORDER,
    TAG_WORDS,
    TALK_TO_PERSON,
    TIER_ASK,
    TOPICS,
    TOTAL_ASK,
    UNITS_ZH,
    USUAL,
    label_detail,
    made_of_asked,
    short_food_nouns,
    unlisted_property,
    unsettled_condition,
)
from pipeline.conversation.vocab import ShopVocab
from pipeline.needs import (
    Needs,
    avoided_allergens,
    mentioned_allergens,
    not_allergic,
    parse_needs,
    plural_pattern,
    served_with,
    short_span,
)
from pipeline.places import provinces_named
from pipeline.textnum import has_cjk, parse_amount

# the order again, twice over; and what a total's follow-up keeps from the turn before (box, card, postage)
_DOUBLE = re.compile(
    r"翻倍|加倍|都翻|双份|数量.{0,4}(乘|x|×)\s*2|make it double|double (it|that|everything|the order|up|them)|"
    r"twice (as much|as many|the amount)",
    re.I,
)
# a new place for the order said ("改寄北京呢？", "换成寄上海", "Make it Beijing instead", "what if I send it to …")
_MOVED = re.compile(
    r"改寄|改成寄|换成寄|改到|改发|地址|寄[^，。？?]{0,8}呢|发[^，。？?]{0,8}呢|instead|what if|how about|make it|rather|"
    r"\baddress\b|\bgoes to\b|\b(?:send|ship|post) (?:it|them|everything|the lot) to\b",
    re.I,
)
# a taste or a kind said as unwanted: "nothing spicy", "not too sweet", "不要辣的", "别太甜"
_NEGATED = re.compile(
    r"\b(?:nothing|not|no|non|never|without)\b[\s-]+(?:too |very |that |at all )?[\w-]+|"
    r"(?:不要|不能|不|别|没有|无)(?:太|很|那么)?[\u4e00-\u9fff]{1,2}",
    re.I,
)
_ORDER_TOPICS = ("gift_wrap", "shipping_fee", "delivery_time", "courier", "pickup")
# a head count and a set for each ("我们公司40个人，每人发…", "for each of our 35 staff", "one set per person")
_HEADS = re.compile(
    r"(\d+|[一二两三四五六七八九十百]+)\s*(?:个|位|名)?(?:人|同事|员工|客户|宾客)|(\d+)\s*份(?!以上)|"
    r"(\d+)\s+(?:people|persons|staff|employees|colleagues|guests|clients|of us|team members)",
    re.I,
)
_EACH = re.compile(
    r"每人|每位|每个人|一人一|人手一|人均|每份|each|per (person|head)|apiece|one (set )?per|every(one| one| person)",
    re.I,
)


# a set listed, then how many of it ("漓江山水礼盒加一包芋头片，100份", "the tea and the cake, 40 sets")
_SETS = re.compile(
    r"(?:加|和|跟|配|\+|＋|\band\b|\bplus\b|\bwith\b).{1,24}?[，,、\s]\s*(\d+|[一二两三四五六七八九十百]+)\s*(?:份|套)(?!以上)|"
    r"(?:加|和|跟|配|\band\b|\bplus\b|\bwith\b).{1,40}?,?\s+(\d+)\s+(?:sets|of (?:those|them|each))\b",
    re.I,
)


_ANOTHER_PART = re.compile(r"另外|此外|再给|还有|；|;|\.\s|\b(?:also|plus|and then|separately)\b", re.I)


_ASKS_ELSE = re.compile(r"[？?]|吗|呢|能不能|可不可以|是不是")


def _states_order(q: str, told: tuple[tuple[str, int], ...], held: tuple[tuple[str, int], ...]) -> bool:
    """Whether a question tells an order rather than asks about it: lines with their counts (two or more, or one
    added to or changing what the basket holds), and no question of its own."""
    counted = [pid for pid, n in told if n]
    if not counted or _ASKS_ELSE.search(q):
        return False
    return len(counted) >= 2 or bool(held) or bool(_I_TAKE.search(q))


_I_TAKE = re.compile(
    r"我要|给我来|给我拿|我买|我订|来[一二两三四五六七八九十\d]|\bi'?ll (take|have|get)\b|\bi'?d like\b|\bi want\b",
    re.I,
)


def _for_each_head(
    q: str, vocab: ShopVocab, shop: Shop, counts: tuple[tuple[str, int], ...], heads: int
) -> tuple[tuple[str, int], ...]:
    """The lines times the head count — only those named in the part the count is said in ("30罐碧螺春，另外12位
    同事每人一盒礼盒": the boxes are per head, the 30 tins are not)."""
    each = _EACH.search(q)
    cuts = [m.end() for m in _ANOTHER_PART.finditer(q[: each.start()])] if each is not None else []
    start = cuts[-1] if cuts else 0

    def per_head(pid: str) -> bool:
        at = _where_named(q, vocab, shop, pid)
        return at is None or at[0] >= start

    return tuple((pid, n * heads if per_head(pid) else n) for pid, n in counts)


def _per_head(q: str) -> int:
    """How many people each get the set the question lists, when it says so ("40个人，每人…", "A加B，100份");
    else 0."""
    if not _EACH.search(q):
        m = _SETS.search(q)
        n = parse_amount(next((g for g in m.groups() if g), "")) if m else None
        return int(n) if n and 2 <= n <= 100000 else 0
    for m in _HEADS.finditer(q):
        n = parse_amount(next((g for g in m.groups() if g), ""))
        if n and 2 <= n <= 100000:
            return int(n)
    return 0


# the weather or a currency's rate: never about a product, even when a name's word comes up ("Ice and Snow World")
_WEATHER_OR_RATES = re.compile(
    r"天气|气温|零下\d|会不会下(雪|雨)|下(雪|雨)吗|weather|will it (snow|rain)|(snow|rain)(ing)? (this|tomorrow|tonight|on)|minus \d+|below zero|degrees (tonight|today|outside)|"
    r"汇率|exchange rate|\brate today|(rmb|yuan|renminbi)s? (to|into|against) (the )?\w+",
    re.I,
)


__all__ = ["Act", "DialogueState", "Understanding", "understand"]

Act = Literal[
    "greeting",
    "injection",
    "medical",
    "off_topic",
    "human",
    "complaint",
    "bulk",
    "allergy",
    "suitability",
    "history",
    "compare",
    "attribute",
    "policy",
    "unknown_product",
    "choose",
    "recommend",
    "unclear",
]

_REFERS = re.compile(
    r"(^|[，。,？?！!\s])[这那](?![里儿边么样次时天])[\u4e00-\u9fff]{1,2}(哪儿|哪里|怎么|能不能|可以|多少|是不是|有没有|要不要)|"
    r"这款|这个|那个|那款|这种|那种|它|这些|那些|哪个|哪款|哪一款|哪种|其中|刚才|上面|前面|第一|第二|第三|这两|那两|两款|三款|"
    r"\bthose\b|\bthese\b|\bthem\b|\bit\b|\bthat one\b|\bthis one\b|which one|which of|\bwhich\b|the cheaper|the first|"
    r"the second|the third|the other|\beither\b|\bboth\b|\bthey\b|\bthe (one|ones)\b",
    re.I,
)
_ASKS_PERSON = re.compile(
    r"(找|要|转|叫|请|换|接|让|联系|我想|能不能|可以).{0,4}(人工|真人|店员|客服|活人|负责人|经理|老板|店长)(?!手写|推荐|说的|写的|建议)|打.{0,2}电话(给我|跟我)|给我打.{0,2}电话|"
    r"人工(服务|客服)?$|^人工|有人吗|" + TALK_TO_PERSON + r"|还有人|有没有人在|我要找人|找个人|"
    r"(talk|speak|chat) (to|with) (a |an |some )?(real |actual )?(person|human|someone|somebody|staff|clerk|agent|people|"
    r"whoever|the (person|people|one|manager|owner))|"
    r"real person|actual person|human (please|being)|(get|want|need) (a |an )?(human|person|clerk|agent|staff)|"
    r"get hold of (someone|somebody|a person|a human|staff)|someone (i can|to) talk to|"
    r"(speak|talk) to (your |the )?(manager|owner|boss|supervisor|sales ?(people|person|team)|someone)|"
    r"give me a (ring|call)|call me (back)?|(somebody|someone) from your (team|shop|store)|"
    r"(帮我|给我)?找(个|一个)人|找人(对接|跟进|联系|处理)|让人(跟我|联系)|someone (to|who can) (follow up|handle|contact|sort)|"
    r"(跟|和|同)你们(的|店里的?)?(人|负责人|工作人员)|当面(说|谈|讲)|转(给|到).{0,12}(人|负责|部门|同事)|负责.{0,10}的人|"
    r"(sort|deal with|discuss|handle) (this|it|that) .{0,20}with (a|an|some) (human|person|real|actual)|"
    r"(with|to) a (human|real human|living person)\b|(put|pass|transfer|hand) me (on|over|through) to",
    re.I,
)
# a person asked for outright, whatever else the message asks ("…直接塞冰箱了，你们就不管了？我要找人")
_TALK_TO = re.compile(
    r"(talk|speak|chat) (to|with)|"
    + TALK_TO_PERSON
    + r"|找(个)?(真人|人工|店员)|我要找人|找个人|[要转]人工|真人|real person|actual person|human",
    re.I,
)
_CAN_EAT = re.compile(
    r"能吃|可以吃|能不能吃|可不可以吃|能给.{0,6}(吃|喝)|可以给.{0,6}(吃|喝)|适合.{0,8}吗|适不适合|安全吗|会不会|行不行|行吗|"
    r"含不含|含有|有没有(放|加)?|是否含|里面有|标签|写了|不含.{0,6}(吧|吗|对吧)|[a-z]+-free\b|can (i|he|she|they|we|my \w+) (eat|have|drink)|\bsafe\b|"
    r"\bok(ay)? for\b|suitable|good for|\bdoes\b.{0,40}\b(have|contain)|\bcontains?\b|is there|in it\b|label|mention|"
    r"(?<!不)含.{0,8}(吗|？|\?)|有.{0,6}(吗|？|\?)|是.{0,4}的吗|是不是|(is|are) (it|this|that|they) .{0,12}\?|any \w+ in|"
    r"\bany \w+\s*\?|what'?s in",
    re.I,
)
# asking whether something suits a person ("能给孩子吃吗", "is it ok for my grandmother?")
_SUITS_ASK = re.compile(
    r"适合.{0,10}(吗|？|\?)|适不适合|合适吗|合不合适|(嚼|咬)得动(不|吗|么)?|能嚼|没问题吧|没问题吗|有问题吗|能(吃|喝)吧|(吃|喝)(这个|它|这款)?(行吗|可以吗|行不)|能给.{0,8}(吃|喝|送|冲|泡|用)|(还|能|可以)给(他|她|老人|孩子|我爸|我妈|爸|妈).{0,4}吗|可以给.{0,8}(吃|喝|送)|能吃吗|可以吃吗|能不能吃|能喝吗|是素的|是不是素|(全|纯)?素的?(不|吗|么|没)|"
    r"吃素的?能|素食吗|\bok(ay)? for\b|suitable|good for|safe for|all right for|fine for|"
    r"\bsuit (her|him|them|my|a|an|the|you)\b|would (that|it|this|they) suit|can (she|he|they) chew|easy to chew\?|can (my|a|an|he|she|they) .{0,25}(eat|have|drink)|"
    r"is (it|this|that) (vegetarian|vegan)|for (a|my) .{0,20}\?|"
    r"can i (give|feed|stir|put|add|mix|make)\b.{0,50}\b(for|to|into)\b.{0,20}(her|him|them|my|the baby|the kids?)|"
    r"给(他|她|孩子|宝宝|小孩|老人).{0,8}(喝|吃|冲|泡|用)",
    re.I,
)
# a request for products ("给我推荐", "something spicy"), which a policy word in the same question doesn't replace
_WANTS_PRODUCTS = re.compile(
    r"推荐|有什么|有没有.{0,8}(的|吗)|买点|挑点|挑挑|帮我挑|帮我选|选几|(?<!不)想要|来点|给我.{0,4}(点|些|个)|"
    r"(?<!or )something|(?<!or )anything|recommend|suggest|"
    r"what( [\w-]+){0,3} (can|could|should|would) i (get|buy|bring|take)|give me|pick (out )?(some|something|a few)|looking for|"
    r"\bany\b(?! (discount|refund|fee|charge|membership|points|deal|offer|deposit|surcharge))(?! more).{0,20}\?|想送|送.{0,6}礼|礼物|"
    r"gift for|a gift(?! ?card)|gifts for|small gifts|souvenirs?|present for|snacks? for|i'?d like (some|a|an)|i need (some|a|an)|换一个|换个|换一[款种样]|换款|别的|another one|what (would|will|could|might) (suit|work for|be (good|ok|okay|fine|safe) for)|"
    r"something else|anything else|instead\b|which [\w-]+s? (do|have) you (have|got|carry|stock)|what [\w-]+s? do you have|"
    r"(有|还有)(哪些|哪几款|哪几种)",
    re.I,
)
_BULK_QTY = re.compile(
    r"(\d+|[一二两三四五六七八九十百千]+)\s*(份|盒|箱|套|件|boxes|sets|packs|gift boxes|hampers|"
    r"of (?:the|your|those) (?:[\w'-]+ ){0,4}?(?:boxes|sets|packs|hampers|tins|jars|bottles|bags))",  # "30 of the … boxes"
    re.I,
)
_BULK_WORDS = re.compile(
    r"团购|批量|企业订|企业礼|公司订|公司要订|单位订|大批|corporate|bulk|wholesale|company (order|gift|event)s?|"
    r"(our|my) company (wants|needs|would like)|company discount|"
    r"for (all )?(my|our|the) (staff|employees|clients)|we'?re an? (small )?([\w-]+ )?(studio|firm|company|business)|"
    r"给(员工|同事们|客户们)|发员工|公司发",
    re.I,
)
# the shop's rule on traces and shared lines, asked as such (not a label's list)
_TRACES = re.compile(
    r"交叉污染|微量|同一(工厂|车间|条)|同线|cross[- ]contam|traces?|same (factory|facility|line)", re.I
)
# someone said not to be allergic: no question about allergens
_NOT_ALLERGIC = re.compile(
    r"(不|没有?)(会)?过敏|(isn't|is not|aren't|are not|not|never been) allergic|no allergies", re.I
)
_COMPARE = re.compile(
    r"哪个|哪款|哪一个|比较|对比|区别|不同|不一样|一样吗|还是(?!寄|要|送|发|照|老|一样|按|用|走|那|给|原来)|差别|different|differ\b|更适合|更好|\bvs\.?\b|versus|compare|difference|which (one |is )?|better|\bor\b",
    re.I,
)
_HISTORY = re.compile(
    r"上次|上回|以前|之前|老样子|再来一|一样的|跟.{0,6}那次一样|same as|last time|before|again|usual|i (bought|ordered|got)",
    re.I,
)
_HISTORY_ASK = re.compile(
    r"(上次|上回|以前|之前|去年|前年|今年|那次|上个月|上月|春节|过年|中秋|端午|国庆|元旦|(?:[一二三四五六七八九十]|\d{1,2})+月份?)"
    r"[^，。？?]{0,10}(买|寄|订|送)[^，。？?]{0,6}的|"
    r"(the )?same \w+ (i|we) (took|brought|bought|got|ordered|sent|had)\b|"
    # "跟去年中秋一样", "照上次那单原样", "exactly the same parcel as last Christmas": that order again
    r"跟(上次|上回|以前|去年|前年|今年|往年|那次)[^，。？?]{0,8}一样|照(着)?(上次|上回|去年|那次|[^，。？?]{0,10}那单)|原样|"
    r"(the )?same (parcel|order|box|basket|things?|lot) as (last|before|the last)|"
    r"(last month|last time|last year) .{0,30}(sent|bought|ordered|got)|买的是啥|买的是什么|what (was|did) .{0,30}(i )?(got|bought|ordered)|"
    r"what did (i|we) .{0,20}(send|sent|buy|order|get)\b|(send|sent|bought|ordered|got|took|brought|had) .{0,30}last (christmas|new year|spring festival|"
    r"mid-autumn|winter|summer|year|month|time)|"
    r"(got|bought|ordered) (in|last) (january|february|march|april|may|june|july|august|september|october|november|"
    r"december|year|month)|老样子|那次一样|same as (last time|before)|what i (bought|ordered)|my (last|usual) order|"
    r"(上次|上回|上个月|上月|去年|前年|那次)(那|的)?(单|份|批)|照(上次|上回|上个月|上月|去年|前年|老样子|老规矩)|"
    r"(same|last) order (again|as last)|repeat (my|the) (last )?order",
    re.I,
)
_BACK_AGAIN = re.compile(
    r"^\W*(hi|hey|hello)?[\s,]*[\w'’ ]{0,20}\bagain\b[!.,]*|^\W*(it'?s|this is) [\w ]{1,20} again[!.,]*|又来了|又是我",
    re.I,
)
# after a complaint: what the shop makes good ("还能赔吗？", "can I have my money back?") — not a change of mind
_COMPENSATE = re.compile(
    r"赔|补偿|补发|退钱|退款|管不管|管吗|负不负责|负责吗|给个说法|怎么处理|compensat|money back|refund|replace|"
    r"what (are|will) you (going to )?do|take responsibility|"
    # "还来得及吗？", "Am I still in time?": the claim's window, of the same complaint
    r"来得及|来不及|还能申请|还可以申请|过了时[限间]|超过.{0,4}时[限间]|超时|in time|too late|deadline|still claim",
    re.I,
)
_AVOID_SAID = re.compile(
    r"过敏|不要|不吃|不能吃|避开|忌|不含|无|allerg|avoid|without|\bfree\b|\bno\b|can'?t (eat|have)|don'?t eat", re.I
)
_STILL_EAT = re.compile(
    r"还能吃|还能不能吃|能不能吃|可以吃吗|safe to eat|still (ok|okay|good|safe|fine)|can (i|we) (still )?eat", re.I
)
_SEND_BACK = re.compile(r"寄回|退回|send (it|them|the \w+) back|return (it|them|the)", re.I)
_THE_BAD_ONE = re.compile(
    r"坏的|坏了的|发霉的|长毛的|那包坏|the (bad|mouldy|moldy|spoiled|broken) (one|ones|bag|pack)", re.I
)
_CHANGE_OF_MIND = re.compile(r"没拆|未拆|不想要|不要了|unopened|sealed|changed my mind|don'?t (need|want)", re.I)
# a product added to those on the table ("…as well", "再加一瓶…", "plus a …")
_ADDS = re.compile(
    r"\bas well\b|in addition|再加|还要加|另外加|加上|再来一|也加|也要|也来|再给[^，。？?]{1,8}加|一起寄|一起发|一块寄|"
    r"\badd\b|\btoo\b|throw in|one more|another",
    re.I,
)
_GOODS_ONLY = re.compile(
    r"before postage|excluding (postage|shipping)|不算运费|不含运费|不包括运费|货款|商品金额", re.I
)
_ORDER_STATUS = re.compile(
    r"(单|订单|那批|那单|货).{0,12}(到哪(一步|儿|了)|什么状态|啥状态|进度|发货了(吗|没)|发了(吗|没)|寄出(来)?了(吗|没)|到了没)|"
    r"where'?s my order|order status|status of (my|the|our) order|has (my|our|the) order (shipped|gone out|been sent)|"
    r"(order|parcel).{0,30}shipped yet",
    re.I,
)
# asking what the history holds, not only mentioning it
_HISTORY_WHAT = re.compile(
    r"买的是啥|买的是什么|买的啥|买了(啥|什么)|买过(啥|什么|哪些)|寄的是(啥|什么)|(是|叫)(啥|什么)来着|还有(货)?吗|"
    r"what (was|were|did)|which (one|ones|tea|was)|do you still (have|sell)|still (have|got) (it|them)|my (last|usual) order",
    re.I,
)
_ONE_OF_THEM = re.compile(
    r"(?P<cheap>the cheaper( one)?|cheaper one|the cheapest|便宜的那(个|款)|便宜那(个|款)|便宜点的那)|"
    r"the (pricier|dearer|more expensive)( one)?|贵的那(个|款)|贵那(个|款)",
    re.I,
)
_SIMILAR_PRICE = re.compile(
    r"差不多(价位|价钱|价格)|价位差不多|同样价位|同价位|similar(ly)? pric|same price|around the same price|price range like",
    re.I,
)
_SOMETHING_NEW = re.compile(
    r"换换花样|换个花样|换点新的?|换点新鲜|换点别的|来点新的|新鲜的?花样|没(买|吃|试)过的|something (different|new)|"
    r"a change this|anything new|new to me|haven'?t (tried|had)",
    re.I,
)
_EXCEPT = re.compile(
    r"除了|以外|之外|没吃过|没买过|没试过|换.{0,4}别的|别(老是|再|又)(是|买|送|要)?(那个|那款|这个)?|不要(再|又)(是)?(那个|那款)|"
    r"haven'?t (tried|had|bought)|already (had|done|tried|bought)|other than|apart from|besides|except|"
    r"not (the|that|those) [\w' -]{2,40} (this time|again)|instead of(?! (carrying|taking|bringing|packing|buying|posting|sending|shipping|mailing|picking)\b)",
    re.I,
)  # but "instead of carrying them, could you post …" changes how, not what
_ELLIPTICAL = re.compile(
    r"^(那|那么|还有)?.{0,14}(呢|的呢)[？?]?|^([\w']+[.!,]\s*)?(and|what about|how about) ", re.I
)  # "那原味的呢？", "Shame. And the Guanzhong box?"
_REPEATABLE = ("allergy", "suitability", "attribute", "policy")
# whom a suitability follows a search for ("…for my diabetic grandfather", "my son is 3")
# right after a product named: the person can't have it ("牛肉丸咬不动", "吃不了", "is too hard for him")
_CANT_HAVE = re.compile(
    r"\s*(?:也|都|就|她|他|我)?(?:咬不动|嚼不动|吃不了|吃不动|不能吃|不爱吃|不喜欢|吃腻了|太硬|太甜|太辣)|"
    r"\s*(?:is|are|was|were) (?:too (?:hard|sweet|spicy|chewy)|off the list)|\s*(?:she|he|they) can'?t (?:chew|eat|have)",
    re.I,
)
# an order cut down to what is named now ("那就只寄两罐茶", "just the tea then", "only the pine nuts")
_JUST_THESE = re.compile(
    r"只寄|(?<!也)只要(?!\s*[\d一二两三四五六七八九十]\s*[瓶罐袋盒包份件箱个](?:就行|就好|算了|吧|了|[，。？?,]|$))|就只|只买|只拿|只留|"
    r"\bjust (the|send|post|ship|keep)\b|\bonly (the|send|want)\b|\bthen just\b",
    re.I,
)
_KEEP_WORD = re.compile(r"冷冻|冷藏|冰箱|冻起来|freez|fridge|chill", re.I)  # how they'd keep it, not a variant
_IN_IT = re.compile(r"里|里面|里头|内|有没有|含不含|加没加|放没放|\bin (it|them|there|the)\b|contain", re.I)
_CARED_ABOUT = frozenset({"diabetics_low_sugar", "children", "elders", "vegetarians"})
# another day or hour for the same rule ("那要是周四下单呢？", "and if I order on Saturday?")
_WHEN_SAID = re.compile(
    r"周[一二三四五六日天末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|明天|后天|今天|\d{1,2}\s*点|上午|下午|晚上|"
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|tomorrow|today|tonight|morning|afternoon|evening)\b",
    re.I,
)
HELD_FOR_VISIT = frozenset({"vegetarians"})  # who a visit's searches are for, once said (a diet, not a wish)
# an open wish for products ("Anything properly spicy…?", "有什么…"), not "instead" of one named
_SEARCHING = re.compile(  # "anything a bit spicy?", "I need small gifts for my team"
    r"\banything\b|\bsomething\b|推荐|\brecommend|\bsuggest|"
    r"\bi need (some |a few )?(small |little |nice )?(gifts?|presents?|souvenirs?|treats?)\b|gift ideas|"
    r"looking for (some |a few )?(small |nice )?(gifts?|presents?|souvenirs?)",
    re.I,
)
_OPEN_WISH = re.compile(_SEARCHING.pattern + r"|有什么|有没有|有啥", re.I)
_DIFFERENCE = re.compile(r"区别|差别|不同|不一样|difference|differ\b|compare|versus|\bvs\b", re.I)
_THE_SHOP = re.compile(r"门店|店里|实体店|店铺|\bshop\b|\bstore\b", re.I)  # the shop's own hours, not the clerks'
_KID = re.compile(r"\b(he|she|him|her)\b|他|她|孩子|宝宝|小朋友|儿子|女儿|孙子|孙女|外孙", re.I)
_FOLLOWED_RULES = frozenset({"overseas", "luggage", "cold_chain", "delivery_time", "shipping_fee", "gift_wrap"})
_FOLLOW_CHEAPER = re.compile(r"便宜|实惠|cheaper|cheapest|less expensive", re.I)
_COMPLAINT_TOPICS = ("quality", "complaint")
# another business's service, whatever else the question says ("高铁还有没有票？", "is it worth a day trip?")
_ELSEWHERE = re.compile(
    r"(高铁|火车|机|车|门)票|(高铁|火车|动车|航班|飞机)[^，。？?]{0,10}(有票|票)|还有票|订票|(订|买|帮我订|订一?下)[^，。？?]{0,8}(?<![发专普开])票|还有没有票|景点|景区|攻略|天气|(有|有啥|有什么)好玩|"
    r"things to do|what to see|places to visit|best (month|time|season) to (visit|go)|day trip|sightseeing|"
    r"train tickets?|plane tickets?|book (me )?(a |the )?(flight|train|hotel|table|room)|weather|订(个)?(位|座|桌)",
    re.I,
)
_BRACKETS_RE = re.compile(r"[（(].*?[)）]")
_BRACKETED = re.compile(r"[（(]([^)）]+)[)）]")  # a name's variant: 风干牛肉干（孜然味）, Pu'er Cake (Ripe (Shou))


@dataclass(frozen=True)
class DialogueState:
    """What is on the table after a turn: the products under discussion and the needs that chose them."""

    product_ids: tuple[str, ...] = ()
    needs: Needs = field(default_factory=Needs)
    places: tuple[str, ...] = ()
    act: str = ""
    attributes: tuple[str, ...] = ()
    allergens: frozenset[str] = frozenset()
    suitability: frozenset[str] = frozenset()
    topics: tuple[str, ...] = ()
    quantities: tuple[tuple[str, int], ...] = ()  # how many of each the customer said they'd take
    # what the customer asked for with the order before (a box, a card, a courier), in their own words: it holds
    # for the same order when it is edited or added to ("If I add the coffee, do any of the fees go away?")
    extras_said: str = ""
    # the customer is taking the goods on a trip ("flying back to Beijing tomorrow"): the place said is where they
    # go, not where a parcel is sent, until they ask to send something
    travelling: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "product_ids": list(self.product_ids),
            "needs": self.needs.as_dict(),
            "places": list(self.places),
            "act": self.act,
            "attributes": list(self.attributes),
            "allergens": sorted(self.allergens),
            "suitability": sorted(self.suitability),
            "topics": list(self.topics),
            "quantities": [[pid, n] for pid, n in self.quantities],
            "extras_said": self.extras_said,
            "travelling": self.travelling,
        }

    @classmethod
    def from_json(cls, d: dict[str, object]) -> DialogueState:
        raw = d.get("needs") or {}
        assert isinstance(raw, dict)
        kw: dict[str, object] = {}
        for k, v in raw.items():
            if k in ("avoid_allergens", "recipients", "regions", "categories"):
                kw[k] = frozenset(v)
            elif k in ("named_products",):
                kw[k] = tuple(v)
            elif k in Needs.__dataclass_fields__ and k != "intent":
                kw[k] = v
        ids = d.get("product_ids") or []
        places = d.get("places") or []
        assert isinstance(ids, list) and isinstance(places, list)

        def strs(key: str) -> list[str]:
            v = d.get(key) or []
            return [str(x) for x in v] if isinstance(v, list) else []

        raw_counts = d.get("quantities")
        counts = raw_counts if isinstance(raw_counts, list) else []

        return cls(
            tuple(str(i) for i in ids),
            Needs(**kw),  # type: ignore[arg-type]
            tuple(str(p) for p in places),
            str(d.get("act") or ""),
            tuple(strs("attributes")),
            frozenset(strs("allergens")),
            frozenset(strs("suitability")),
            tuple(strs("topics")),
            tuple((str(x[0]), int(x[1])) for x in counts if isinstance(x, list) and len(x) == 2),
            str(d.get("extras_said") or ""),
            bool(d.get("travelling")),
        )


@dataclass(frozen=True)
class Understanding:
    """One question, understood in its context.

    Attributes:
        act: the kind of answer it wants.
        needs: the constraints for choosing products (merged with the table's when the question only refines).
        subject_ids: products the question is about (named, shown in a photo, or those on the table).
        refers: the question points at what is on the table ("those", "这款").
        topics: policy topics it asks about (general topic names, see ``lexicon.TOPICS``).
        attributes: product fields it asks about (``lexicon.ATTRIBUTE_CUES``).
        allergens: allergens it names (asked about or avoided).
        suitability: suitable_for tags it asks about ("能给孩子吃吗").
        places: macro-regions a delivery question names (华北 for 北京).
    """

    question: str
    act: Act
    needs: Needs
    subject_ids: tuple[str, ...] = ()
    refers: bool = False
    topics: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    allergens: frozenset[str] = frozenset()
    suitability: frozenset[str] = frozenset()
    places: tuple[str, ...] = ()
    from_photo: bool = False
    quantity: int | None = None
    exclude_ids: tuple[str, ...] = ()
    quantities: tuple[tuple[str, int], ...] = ()  # per product, when said ("香辣的两袋、麻辣香干四包")
    adds: bool = False  # what it names joins what is on the table ("and a bottle of the plum wine as well")
    again: bool = False  # a follow-up of the same complaint ("一共坏了13个"): its answer, not the apology again
    unread: tuple[str, ...] = ()  # parts said as order lines that name no one product: no total is sure
    extras_said: str = ""  # the box, card or courier asked for with the same order before, in the customer's words


def _asked_inside(q: str, tag: str) -> bool:
    """Whether the question asks if something holds the allergen, even by a word that names a product too
    ("野生榛蘑里有榛子吗？": hazelnuts in the mushrooms, not the hazelnut product)."""
    words = ALLERGEN_WORDS[tag]
    return bool(
        re.search(
            rf"(里|里面|里头)[^，。？?]{{0,4}}(?:{words})|含不含(?:{words})|(?:{words})[^，。？?]{{0,2}}成分", q, re.I
        )
        or re.search(rf"\b(any|contains?|traces? of)\s+(?:{words})", q, re.I)
    )


def _kin_named(q: str, customer: Customer | None) -> set[str]:
    """Who the question names by the name the clerk's notes use ("豆豆能吃糍粑吗？" where the notes say
    "豆豆两岁半"): a child or an elder, as the notes' sentence about them says."""
    if customer is None:
        return set()
    out: set[str] = set()
    notes = re.split(r"[。；;！!？?]", f"{customer.notes_zh}。{customer.notes_en}")
    for m in re.finditer(r"([\u4e00-\u9fff]{2,3})(?=也?(?:能|可以|吃|喝))", q):
        names = {m.group(1)[-k:] for k in (2, 3) if len(m.group(1)) >= k}  # "那豆豆能吃": 豆豆
        for sentence in notes:
            if any(n in sentence for n in names):
                out |= {t for t in ("children", "elders") if re.search(TAG_WORDS[t], sentence, re.I)}
    return out


def _sibling(shop: Shop, pid: str, p: Product | None) -> bool:
    """Whether a product is another pack of the same product as ``p``."""
    o = shop.product(pid)
    return o is not None and p is not None and bool(p.group) and o.group == p.group


def _without_names(q: str, vocab: ShopVocab, named: tuple[str, ...], shop: Shop | None = None) -> str:
    """The question, lower-cased, with the named products' names taken out (a short one once), and their
    variants ("孜然香辣", "honey & sesame"): what is left is what the question asks or wishes."""
    low = q.lower()
    for pid in named:
        names = set(vocab.aliases.get(pid, ()))
        p = shop.product(pid) if shop is not None else None
        if p is not None:
            names |= {v for v in _BRACKETED.findall(p.name_zh + " " + p.name_en) if len(v) >= 2}
        for alias in sorted(names, key=len, reverse=True):
            if has_cjk(alias) or not re.fullmatch(r"[a-z' -]+", alias.lower()):
                low = low.replace(alias.lower(), " ", -1 if len(alias) >= 4 else 1)
            else:  # "lard pastries" for the alias "lard pastry"
                low = re.sub(rf"\b{plural_pattern(alias.lower())}\b", " ", low, count=0 if len(alias) >= 4 else 1)
        if p is not None and (short := short_span(low, p)):  # a shortening of its name ("关中礼盒")
            low = low[: short[0]] + " " + low[short[1] :]
    return low


_POSTING = re.compile(r"寄|邮|快递|\b(post|posting|ship|shipping|mail|send|sending|parcel|courier)\b", re.I)


# a cool bag or box asked about, and how long it keeps things cold ("保冷多久", "stay cold in that bag")
_COOL_BAG = re.compile(r"保温袋|保温箱|保冷|冰袋|cool(?:er)? ?bags?|cool ?box|insulated|ice packs?", re.I)
_KEEPS_COLD = re.compile(
    r"保冷|能冰|冰多久|凉多久|冷多久|保温多久|多久.{0,4}(化|不凉)|keep[\w ]{0,15}(?:cold|frozen)|stays? (?:cold|frozen)|how long[^?]{0,30}(cold|frozen|chilled)",
    re.I,
)
# a problem supposed, not reported ("要是化了", "万一压坏了", "if it arrives damaged", "what if the jar breaks")
_SUPPOSE = re.compile(
    r"(要是|如果|万一|假如|假设|若是|到时候)[^，。？?]{0,12}(坏|化|碎|漏|霉|压|破|变质|不凉|有问题)|"
    r"\b(if|in case|what if|should)\b[^?.,]{0,30}\b(arrives?|comes?|turns? up|gets?|is|are)\b[^?.,]{0,20}"
    r"(damaged|broken|thawed|melted|spoil|leak|crushed|off|bad)",
    re.I,
)
# "几天能开好", "how long does it take" of an invoice, a refund, a quote: how long that takes, not the parcel
_PARCEL_WORDS = re.compile(r"到货|送到|寄到|收到|能到|送达|快递|arrive|deliver|get there|reach", re.I)
_OWN_TIME = ("invoice", "returns", "bulk", "payment", "membership")


def _topics(q: str) -> tuple[str, ...]:
    found = tuple(t for t, pat in TOPICS.items() if re.search(pat, q, re.I))
    if "delivery_time" in found and set(found) & set(_OWN_TIME) and not _PARCEL_WORDS.search(q):
        if not re.search(TOPICS["delivery_time"], HOW_LONG_ASK.sub(" ", q), re.I):
            found = tuple(t for t in found if t != "delivery_time")
    if "luggage" in found and "overseas" in found and not _POSTING.search(q):
        # "in my cabin bag on the flight to Singapore": what they carry onto a plane abroad, no parcel
        found = tuple(t for t in found if t != "overseas")
    return found


_TO = (
    r"(寄到|寄给|寄去|寄|发到|送到|送去|运到|到|去|回|在|住|给|\bto\b|\bin\b|\bat\b|\babout\b|lives?)[^，。,.!?？！]{0,8}$|"
    r"(寄到|寄回|寄|发到|送到)[^，。,.!?？！]{0,6}[，,]\s*$"  # "还是寄到家里吧，杭州": the place said next
)


def _places(q: str, cue: bool = True, vocab: ShopVocab | None = None) -> tuple[str, ...]:
    """Destinations the question names: a place after 寄到 / 到 / to / in (not one inside a product's name);
    without ``cue``, any place ("那喀什呢？" after a delivery question)."""
    low = q.lower()

    def said(name: str) -> bool:
        i = low.find(name)
        after = low[i + len(name) : i + len(name) + 2]
        if i >= 0 and vocab is not None and re.fullmatch(r"[\u4e00-\u9fff]{2}", after):
            if any(name in a and after in a for al in vocab.aliases.values() for a in al):
                return False  # "东北木耳两盒": the fungus's name (东北秋木耳), not where the parcel goes
        return i >= 0 and (not cue or bool(re.search(_TO, low[max(0, i - 12) : i], re.I)))

    found = [region for region, names in MACRO_REGIONS.items() if any(said(n) for n in (*names, region))]
    # a city abroad holds no county of ours: 多伦多 (Toronto) is not 多伦 in Inner Mongolia
    abroad = [
        (m.start(), m.end()) for n in MACRO_REGIONS.get("海外", ()) if has_cjk(n) for m in re.finditer(re.escape(n), q)
    ]
    # a city or county by its province ("外婆住绍兴" → 浙江, "in Chenggong" → 云南): the province, then its regions
    for said_words, at, prov in provinces_named(q):
        if any(a <= at < b for a, b in abroad):
            continue
        named_after = vocab is not None and _names_a_product(said_words, vocab)  # "那普洱呢？" is the tea
        if (cue or named_after) and not _destination(low, at, said_words, vocab):
            continue
        if prov not in MACRO_REGIONS and prov not in found:
            found.insert(0, prov)
        found += [r for r, names in MACRO_REGIONS.items() if (prov in names or prov == r) and r not in found]
    # the most specific first: a province, then 江浙沪 before 华东
    return tuple(sorted(dict.fromkeys(found), key=lambda r: len(MACRO_REGIONS.get(r, ()))))


def _kind_said(text: str, shop: Shop, pid: str) -> bool:
    """Whether the text calls this product by its kind ("两罐茶" of a Dancong tea: 茶 in its name or category)."""
    p = shop.product(pid)
    if p is None:
        return False
    own = p.name_zh + shop.categories.get(p.category, {}).get("zh", "")
    words = {
        x for x in re.findall(r"[a-z]{3,}", f"{p.name_en} {shop.categories.get(p.category, {}).get('en', '')}".lower())
    }
    return any(c in own for c in text if c in FOOD_HEAD_NOUNS) or any(
        re.search(rf"\b{re.escape(x)}s?\b", text) for x in words - {"the", "and", "with", "gift", "box"}
    )


def _excepts_named(q: str, vocab: ShopVocab, shop: Shop, named: tuple[str, ...]) -> bool:
    """Whether the question leaves the named products out ("除了鲜花饼", "I've already done the cumin lamb",
    "别老是那个关中礼盒") — not "apart from price" said of them."""
    spans = [span for pid in named if (span := _where_named(q, vocab, shop, pid)) is not None]
    if any(_CANT_HAVE.match(q[end : end + 8]) for _, end in spans):  # "牛肉丸咬不动", "the jerky is too hard for her"
        return True
    cues = [(m.start(), m.end()) for m in _EXCEPT.finditer(q)]
    if not cues:
        return False
    return any(start <= at <= end + 40 for start, end in cues for at, _ in spans)  # in the cue or right after it


def _where_named(
    q: str, vocab: ShopVocab, shop: Shop, pid: str, more: set[str] | None = None
) -> tuple[int, int] | None:
    """Where the question names a product, as (start, end): the longer of its names (and ``more`` words for it)
    said in full and a shortening of its name ("原味的松露酱" for 黑松露菌酱（原味）)."""
    p = shop.product(pid)
    span = _mention(q.lower(), set(vocab.aliases.get(pid, ())) | (more or set()))
    short = short_span(q, p) if p is not None else None
    if short and (span is None or short[1] - short[0] > span[1] - span[0]):
        return short[0], short[1]
    return span


def _without_places(q: str, vocab: ShopVocab) -> str:
    """The question with the destinations it names (after 寄到 / 住 / to / in) taken out — not a place inside a
    product's name ("寄两袋哈尔滨红肠")."""
    out = q
    low = q.lower()
    found = provinces_named(q)
    if not found:
        return q
    names = [(m.start(), m.end()) for m in vocab.long_names.finditer(low)]
    for said, at, _prov in found:
        if any(s <= at < e for s, e in names):
            continue
        if _destination(low, at, said, vocab):
            out = out[:at] + " " * len(said) + out[at + len(said) :]
    return out


# right before a destination: "寄到绍兴", "住在", "to Shaoxing" (a place a product is named after needs this)
_TO_NEAR = r"(寄到|寄往|发往|寄给|寄去|寄|发到|送到|送去|运到|到|去|回|在|住|\bto|\bin)\s*$"
# right before a place that is a product's own short name: where it goes ("寄到普洱"), not what is sent ("只寄龙井")
_TO_PLACE = r"(寄到|寄往|发往|发到|送到|运到|\bto)\s*$"


def _destination(low: str, at: int, said: str, vocab: ShopVocab | None) -> bool:
    """Whether the place said at ``at`` is where something goes: after a cue, and right after one when a
    product of the shop is named after it (普洱 of 熟普洱, 绍兴 of 绍兴花雕)."""
    if vocab is not None and any(said.lower() == a.lower() for al in vocab.aliases.values() for a in al):
        return bool(re.search(_TO_PLACE, low[max(0, at - 4) : at], re.I))
    if vocab is not None and _names_a_product(said, vocab):
        return bool(re.search(_TO_NEAR, low[max(0, at - 4) : at], re.I))
    return bool(re.search(_TO, low[max(0, at - 12) : at], re.I))


def _names_a_product(place: str, vocab: ShopVocab) -> bool:
    return bool(vocab.long_names.search(place.lower())) or any(
        place.lower() in a.lower() for al in vocab.aliases.values() for a in al
    )


_PLACE_TOPICS = {"delivery_time", "shipping_fee", "send", "cold_chain", "courier"}
_UNITS_EN = "bags?|tins?|boxes|box|jars?|bottles?|packs?|packets?|kits?|sets?|cases?|cans?|cups?|pieces?|pcs"
_QTY = re.compile(
    rf"(\d+|[一二两三四五六七八九十]+)\s*({UNITS_ZH})|"
    rf"\b(\d+|two|three|four|five|six|ten)\s+({_UNITS_EN}|of (them|those|these|the [\w'-]+(?: [\w'-]+){{0,3}}? (?:{_UNITS_EN})))|"
    r"\bfor (?:the )?(two|three|four)\b",
    re.I,
)
_EN_NUM = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}


def _quantity(q: str) -> int | None:
    """How many packs the customer wants ("拿三袋", "two tins"), when said."""
    m = _QTY.search(q)
    if not m:
        return None
    raw = m.group(1) or m.group(3) or m.group(6)
    n = _EN_NUM.get(raw.lower()) if raw and raw.lower() in _EN_NUM else parse_amount(raw or "")
    return int(n) if n and 0 < n < 1000 else None


def _said_in(variant: str, q: str, low: str) -> bool:
    """A variant said in the question: Chinese anywhere, English as whole words ("eat" is not in "meat")."""
    if has_cjk(variant):
        return variant in q
    return bool(re.search(rf"(?<![a-z]){re.escape(variant.lower())}(?![a-z])", low))


def _variants_named(q: str, shop: Shop, table: tuple[str, ...]) -> tuple[str, ...]:
    """Products of the table's families whose variant ("1公斤", "熟茶", "extra hot") the question says."""
    fams = {w.family(p) for pid in table if (p := shop.product(pid))}
    low = q.lower()
    out = []
    members = [p for p in shop.products if w.family(p) in fams]

    def words_of(p: Product) -> set[str]:
        text = " ".join(_BRACKETED.findall(p.name_en.lower()))
        text += " " + str((p.pack_text.get("en") or {}).get("variant") or "").lower()
        return set(re.findall(r"[a-z]{3,}", text)) - _EN_PLAIN  # "with" of "(… with double yolk)" names nothing

    # a word every variant of the family has ("honey" of Acacia Honey and Jujube Blossom Honey) names none
    common = {fam: set.intersection(*[words_of(m) for m in members if w.family(m) == fam]) for fam in fams if fam}
    for p in members:
        variants = _BRACKETED.findall(p.name_zh + " " + p.name_en.lower())
        variants += [
            str(v).lower()
            for v in ((p.pack_text.get("zh") or {}).get("variant"), (p.pack_text.get("en") or {}).get("variant"))
            if v
        ]
        variants += [x for v in variants for x in re.split(r"[，,、]\s*", v) if x and x != v]  # （香辣，3人份）
        # "香辣的" names 香辣味, "100克的" names 100克罐装: a variant is said without its 味 / 型 / 装 …
        variants += [v[:-1] for v in variants if len(v) > 2 and v[-1] in "味型款装"]
        variants += [x for x in words_of(p) if x not in common.get(w.family(p), set())]  # "ripe" of "Ripe (Shou)"
        variants += re.findall(
            r"\d+\s*(?:克|公斤|千克|毫升|升|g|kg|ml|l)\b|\d+\s*(?:克|公斤|千克|毫升|升|人份)", " ".join(variants)
        )
        base = _BRACKETS_RE.sub("", p.name_zh)
        pairs = {base[i : i + 2] for i in range(len(base) - 1)}
        # "熟普洱" names 古树普洱茶饼（熟茶）: a two-character variant's first character before the name
        short = {v[0] + b for v in variants if len(v) == 2 and has_cjk(v) for b in pairs}
        if any(len(v) >= 2 and _said_in(v, q, low) for v in variants) or any(x in q for x in short):
            out.append(p.id)
    return tuple(out)


def _kind_named(q: str, shop: Shop, vocab: ShopVocab, needs: Needs) -> tuple[str, ...]:
    """Products a kind-word names ("the honey" → the honeys, not the jam beside them), when one to three do."""
    words = {m.group(0).lower() for c in needs.categories if (pat := vocab.categories.get(c)) for m in pat.finditer(q)}
    words |= {wd[:-1] for wd in words if wd.isascii() and wd.endswith("s") and len(wd) > 4}  # "mooncakes"
    for heads in (words, {wd[-1] for wd in words if wd[-1] in FOOD_WORDS_ALONE}):  # 蜂蜜, then 蜜 (椴树蜜)
        hits = tuple(
            p.id
            for p in shop.products
            if p.category in needs.categories and any(wd in p.name_zh or wd in p.name_en.lower() for wd in heads)
        )
        if 1 <= len(hits) <= 3:
            return hits
    return ()


_LOOK_AFTER = r"(?:色|的|那|这|款|包装|罐|袋|盒|瓶|条|\s+(?:one|ones|bag|tin|box|jar|pack|packet|bottle|label|stripe))"


_PRICE_SAID = re.compile(r"多少钱|价格|价钱|几块|\bprice|\bcost|\bpay\b|yuan|[¥￥元]|\bdiscount", re.I)
_POINTED_BEFORE = re.compile(
    r"\b(the|your|any|those|these|that|this)\s+(\w+\s+)?$|你们(店里|家)?的?$|[这那][个款种些]?$", re.I
)


def _kind_pointed(q: str, vocab: ShopVocab, needs: Needs) -> set[str]:
    """The category words said with a "the" / "your" / 那 before them ("the sausage", "your snacks", 那个腊肠)."""
    return {
        m.group(0).lower()
        for c in needs.categories
        if (pat := vocab.categories.get(c)) is not None
        for m in pat.finditer(q)
        if _POINTED_BEFORE.search(q[max(0, m.start() - 14) : m.start()])
    }


def _described(q: str, shop: Shop, pool: tuple[str, ...]) -> tuple[str, ...]:
    """Products of the pool the question picks by their pack's look ("the green one", "绿的那袋")."""
    low = q.lower()
    out: list[str] = []
    prods = [p for pid in pool if (p := shop.product(pid)) is not None]
    for colour, pat in COLOUR_WORDS.items():
        if not re.search(f"(?:{pat}){_LOOK_AFTER}", low, re.I):
            continue
        hits = [
            p.id
            for p in prods
            if any(colour in c.split() for c in p.pack_colours) or re.search(rf"\b{colour}\b", p.name_en.lower())
        ]
        if 1 <= len(hits) < len(prods):
            out += [h for h in hits if h not in out]
    if not out and len(prods) > 1:  # "what's in that box?", "那罐呢？": the one of that pack shape
        for shape, pat in PACK_SHAPE_WORDS.items():
            if not re.search(rf"(that|this|the|那|这)\s*(个|只)?\s*(?:{pat})", low, re.I):
                continue
            hits = [p.id for p in prods if p.pack_shape == shape or (shape == "box" and p.gift_box)]
            if len(hits) > 1 and shape == "box":  # of two boxes, the gift box
                hits = [pid for pid in hits if (p := shop.product(pid)) is not None and p.gift_box]
            if len(hits) == 1:
                out.append(hits[0])
    return tuple(out)


_EN_PLAIN = frozenset(
    "what which where there their these those that this with have look looks identical same just like want would "
    "could should about from into some more most very much many they them your mine yours ones and the for".split()
)


def _name_words(q: str) -> set[str]:
    """The question's words that may be part of a product's name (not places, looks or plain words)."""
    low = q.lower()
    places = PLACE_WORDS
    words = {x[:-1] if x.endswith("s") and len(x) > 4 else x for x in re.findall(r"[a-z]{4,}", low)} - _EN_PLAIN
    words |= {r[i : i + 2] for r in re.findall(r"[\u4e00-\u9fff]+", q) for i in range(len(r) - 1)}
    looks = "|".join((*COLOUR_WORDS.values(), *PACK_SHAPE_WORDS.values()))
    plain = EN_FOOD_ADJECTIVES | {x.rstrip("s") for x in EN_FOOD_ADJECTIVES}
    # "green", "bag": how it looks; "sweet": how it tastes; "礼盒", "gift": how it is sold — none names a product
    return {
        x
        for x in words - places - plain - _SOLD_AS
        if not re.fullmatch(f"(?:{looks})", x, re.I) and not re.search(f"(?:{looks})", x[-1:])
    }


_SOLD_AS = frozenset({"礼盒", "盒装", "袋装", "罐装", "套装", "gift", "pack", "packs", "box", "boxes", "set"})


_CONTENTS = re.compile(r"[（(][^）)]*[+、,，&][^）)]*[）)]")  # a box's contents list: "（碧螺春+枣泥麻饼+松子糖）"


def _in_name(word: str, p: Product) -> bool:
    """A word of the product's own name — not of the contents its name lists."""
    if word.isascii():
        return bool(re.search(rf"\b{re.escape(word)}", _CONTENTS.sub("", p.name_en.lower())))
    return word in _CONTENTS.sub("", p.name_zh)


def _table_words(q: str, shop: Shop, table: tuple[str, ...], words: set[str] | None = None) -> tuple[str, ...]:
    """Products on the table a word of their name (or of ``words``) points at ("the paste" of three on the table)."""
    prods = [p for pid in table if (p := shop.product(pid)) is not None]
    out: list[str] = []
    for word in _name_words(q) if words is None else words:
        hits = [p.id for p in prods if _in_name(word, p)]
        if len(hits) == 1 and hits[0] not in out:
            out.append(hits[0])
    return tuple(out)


def _table_said(q: str, shop: Shop, table: tuple[str, ...]) -> tuple[str, ...]:
    """Products on the table a word of their name points at with a "the" or a 这 / 那 before it ("the seeds")."""
    low = q.lower()
    said = {
        word
        for word in _name_words(q) | short_food_nouns(low)  # "just the tea", "the ham"
        if re.search(
            rf"\bthe (\w+ )?{re.escape(word)}" if word.isascii() else f"[这那][个款种些罐盒袋瓶包]?.?{word}", low
        )
    }
    return _table_words(q, shop, table, said) if said else ()


def _words_named(q: str, shop: Shop) -> tuple[str, ...]:
    """Products a word of their names points at, when it points at one to three (and the pack shape said)."""
    low = q.lower()
    best: list[str] = []
    for word in _name_words(q) | short_food_nouns(low):  # "the ham", "the jam"
        hits = [p.id for p in shop.products if _in_name(word, p)]
        if 1 <= len(hits) <= 3 and (not best or len(hits) < len(best)):
            best = hits
    shapes = [s for s, pat in PACK_SHAPE_WORDS.items() if re.search(pat, low, re.I)]
    shaped = [pid for pid in best if (p := shop.product(pid)) and p.pack_shape in shapes]
    return tuple(shaped or best)


# a change to the order said ("make the tofu 5 packs", "格瓦斯改成4瓶", "那大列巴不要了")
_EDITS = re.compile(
    r"换成|改成|不要了|去掉|(加|增加|减|改|降)到\s*[\d一二两三四五六七八九十百]|(也|就)?只要\s*[\d一二两三四五六七八九十]|"
    r"\b(swap|replace|drop|skip|remove|make (it|the|them)|"
    r"(increase|bump|raise|reduce|cut) (it |that |them )?(up |down )?to)\b",
    re.I,
)
# "我爸能吃红枣吗？": may they eat a food said by name
_CAN_EAT_NAMED = re.compile(r"能(吃|喝)[^，。？?,]{1,8}吗|can (he|she|they) (eat|have) ", re.I)
_PICKED = frozenset({"recommend", "choose", "suitability"})  # acts after which products are on the table
# asking whether a product suits the customer themself (or the person their profile is about)
_FOR_ME = re.compile(
    r"(ok|okay|fine|safe|all right|good)( for me| for him| for her| to eat)?\s*[?？]|(ok|okay|fine|safe|good|suitable) for me\b|"
    r"能吃吗|可以吃吗|能不能吃|能喝吗|能不能喝|能(吃|喝)(几|点|一些|些)?.{0,3}吧|能(随便|放开|多|经常|常|天天|放心)(吃|喝)[^，。？?,]{0,8}吗|"
    r"(eat|have|drink) [\w' -]{0,30}(freely|as much as|every day|a lot)|"
    r"(can|could|may) (i|he|she|we) (eat|have|drink|try)|something i can eat|"
    r"我能|我可以|(他|她)能吃|能给(他|她).{0,4}吗|安全吗|没问题吧|is (it|that|this)( one)? (ok|okay|safe|fine)",
    re.I,
)


def _mention(low: str, names: set[str] | tuple[str, ...]) -> tuple[int, int] | None:
    """Where the longest of a product's names stands in the (lower-cased) question, as (start, end)."""
    hits = [(low.find(a.lower()), len(a)) for a in names if len(a) >= 2 and a.lower() in low]
    if not hits:
        return None
    at, n = max(hits, key=lambda h: h[1])
    return at, at + n


def _on_table_per_mention(
    q: str, vocab: ShopVocab, shop: Shop, named: tuple[str, ...], table: tuple[str, ...]
) -> tuple[str, ...]:
    """Of the products one mention names ("the honey": two honeys), those on the table, when any are."""
    low = q.lower()
    spans = {pid: span for pid in named if (span := _mention(low, tuple(vocab.aliases.get(pid, ()))))}
    keep: list[str] = []
    kind = {pid: p.category if (p := shop.product(pid)) else "" for pid in named}
    for pid in named:
        if pid not in spans:  # named by a kind word ("the honey"): not when one of that kind is on the table
            if pid in table or not any(o in table and kind[o] == kind[pid] for o in named):
                keep.append(pid)
            continue
        a, b = spans[pid]
        same = [o for o in named if o in spans and spans[o][0] < b and a < spans[o][1]]  # the same words
        if pid in table or not any(o in table for o in same):
            keep.append(pid)
    return tuple(keep)


_ONE_QTY = re.compile(  # one product's count ("两袋", "a jar of", "two of the")
    rf"(\d+|[一二两三四五六七八九十]+)\s*({UNITS_ZH})|\b(\d+|one|two|three|four|five|six|ten|a|an)\s+({_UNITS_EN}|of)\b",
    re.I,
)


def _quantities(q: str, shop: Shop, vocab: ShopVocab, named: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """How many of each named product the question says: a count right after its name (两袋) or before it."""
    low = q.lower()
    out: list[tuple[str, int]] = []
    spans: dict[str, tuple[int, int]] = {}
    for pid in named:
        p = shop.product(pid)
        names = set(vocab.aliases.get(pid, ())) | ({v for v in _BRACKETED.findall(p.name_zh)} if p else set())
        names |= {v[:-1] for v in names if len(v) > 2 and v[-1] in "味型款装"}
        span = _where_named(q, vocab, shop, pid, names)  # "原味的松露酱两瓶": the name, not its variant
        if span is None:
            continue
        spans[pid] = span
        at, end = span
        after = _ONE_QTY.match(re.sub(r"^[\s的，,再来要拿买各订共]{0,4}", "", low[end : end + 10]))
        left = low[max(0, at - 30) : at]
        gap = r"^\s*([\w-]+\s+)?(of\s+)?(the\s+)?([\w-]+\s*)?$|^的?$"  # "two jars of the extra-hot ", "四包"
        before = [m for m in _ONE_QTY.finditer(left) if re.match(gap, left[m.end() :])]
        if low[at:end].isascii():  # English says the count first: "three of the jellies, four bags of mango"
            m = before[-1] if before else after
        else:
            m = after or (before[-1] if before else None)
        if m is None:
            continue
        raw = (m.group(1) or m.group(3) or "").lower()
        k = EN_COUNTS.get(raw) if raw in EN_COUNTS else parse_amount(raw)
        if k and 0 < k < 1000:
            out.append((pid, int(k)))
    each = EACH.search(low)  # "干贝配崂山绿茶，各12份", "two of each": every product named before it, that many
    if each and len(named) > 1:
        k = parse_amount(each.group(1)) if each.group(1) else EN_COUNTS.get((each.group(2) or "").lower())
        if k and 0 < k < 1000:
            have = dict(out)
            for pid, (at, _end) in spans.items():
                if pid not in have and at < each.start():
                    have[pid] = int(k)
            out = list(have.items())
    return tuple(out)


def _is_bulk(q: str, line: int) -> bool:
    """A corporate or bulk order: the words for one, or a quantity a household doesn't buy (the shop's own
    line for a company order, "30份以上", else 20 boxes)."""
    if _BULK_WORDS.search(q):
        return True
    for m in _BULK_QTY.finditer(q):
        n = parse_amount(m.group(1))
        if n is not None and n >= line:
            return True
    return False


def _selects_products(n: Needs) -> bool:
    """Whether the needs pick a new set of products (a category, a person, a region) rather than refine."""
    return bool(n.categories or n.recipients - {"travellers"} or n.regions or n.asked_for)


def _refines(n: Needs) -> bool:
    return any(
        v is not None for v in (n.max_price, n.min_price, n.max_sweetness, n.min_sweetness, n.max_spiciness)
    ) or bool(n.min_spiciness is not None or n.gift_box or n.avoid_allergens or n.in_stock_only or n.soft or n.ambient)


def _beyond(n: Needs, named: list[Product]) -> Needs:
    """The wishes the named products don't already meet: "麻辣小鱼干呢？" names the fish by its taste; the
    taste is no new wish."""
    if not named:
        return n
    out = n
    if n.min_spiciness is not None and all(p.spiciness >= n.min_spiciness for p in named):
        out = replace(out, min_spiciness=None)
    if n.max_spiciness is not None and all(p.spiciness <= n.max_spiciness for p in named):
        out = replace(out, max_spiciness=None)
    if n.min_sweetness is not None and all(p.sweetness >= n.min_sweetness for p in named):
        out = replace(out, min_sweetness=None)
    if n.max_sweetness is not None and all(p.sweetness <= n.max_sweetness for p in named):
        out = replace(out, max_sweetness=None)
    if n.gift_box and all(p.gift_box for p in named):
        out = replace(out, gift_box=False)
    return out


def _merge(old: Needs, new: Needs) -> Needs:
    """The table's needs refined by the new question's (a new budget replaces the old one)."""
    out = old
    for k in ("max_price", "min_price", "max_sweetness", "min_sweetness", "max_spiciness", "min_spiciness"):
        if getattr(new, k) is not None:
            out = replace(out, **{k: getattr(new, k)})
    return replace(
        out,
        avoid_allergens=old.avoid_allergens | new.avoid_allergens,
        gift_box=old.gift_box or new.gift_box,
        gift=old.gift or new.gift,
        in_stock_only=old.in_stock_only or new.in_stock_only,
        soft=old.soft or new.soft,
        ambient=old.ambient or new.ambient,
        intent=new.intent,
        named_products=new.named_products,
        asked_for=new.asked_for,
    )


def understand(
    question: str,
    shop: Shop,
    vocab: ShopVocab,
    state: DialogueState,
    customer: Customer | None = None,
    photo_id: str | None = None,
) -> Understanding:
    """Read one question against the dialogue state."""
    q = question.strip()
    needs = parse_needs(_without_places(q, vocab), shop, vocab)  # "to Shaoxing" is where it goes, not 绍兴花雕
    qty = _quantity(q)
    table = tuple(pid for pid in state.product_ids if shop.product(pid) is not None)
    named = needs.named_products
    thing = made_of_asked(q)
    if len(named) >= 2 and thing and not photo_id:  # "榛蘑里有榛子吗": hazelnuts inside, not the hazelnut product
        holder = parse_needs(_without_places(q.replace(thing, " "), vocab), shop, vocab).named_products
        if holder and set(holder) < set(named):
            named = holder
            needs = replace(needs, named_products=named)
    if photo_id:
        named = (photo_id,)
        needs = replace(needs, named_products=named)
    elif named and table and len(named) > 1:  # "牛肉干" after the spicy jerky, "the honey": the one on the table
        named = _on_table_per_mention(q, vocab, shop, named, table)
    if named and table and not photo_id and not set(named) & set(table):
        families = {p.group for pid in table if (p := shop.product(pid)) is not None and p.group}
        # "And the Dangshan pear syrup?" after the guiling jellies: "syrup" names the pear syrup, not "with Syrup" —
        # when its name is said in full (several words); "咖啡味" of the candies on the table is their variant
        low = q.lower()
        full = any(
            (len(a.split()) >= 2 if a.isascii() else len(a) >= 4) and a.lower() in low
            for pid in named
            for a in vocab.aliases.get(pid, ())
            if not a.startswith("~")
        )
        rest = _without_names(q, vocab, named, shop) if full else q
        on = tuple(pid for pid in _variants_named(rest, shop, table) if pid in table)
        siblings = tuple(  # two of their family: "那原味和咖啡味" after the durian one sold out, not the coffee
            pid
            for pid in _variants_named(rest, shop, table)
            if (p := shop.product(pid)) is not None and p.group in families and pid not in table
        )
        on = on if _REFERS.search(q) else ()
        on = on or (siblings if len(siblings) >= 2 and not set(named) & set(siblings) else ())
        if on:  # "香辣的那个" of the noodle kits on the table, not the chilli tofu elsewhere in the shop
            named = on
            needs = replace(needs, named_products=named)
    if not named and table and not photo_id:  # "the seeds are gluten-free, right?": one on the table, by a name word
        named = _table_said(q, shop, table)
        if named:
            needs = replace(needs, named_products=named)
    if not named and table and not _SEARCHING.search(q):  # "500克的和1公斤的": variants of the table's (and siblings)
        named = _variants_named(q, shop, table)  # but "anything a bit spicy?" is a search, not the spicy one
        if named:
            needs = replace(needs, named_products=named)
    keeping = bool(_KEEP_WORD.search(q)) and any(  # "能放几天？我想放冷冻里慢慢吃": how they'd keep it
        re.search(ATTRIBUTE_CUES[a], q, re.I) for a in ("storage", "shelf_life")
    )
    if table and not named and not photo_id and not _OPEN_WISH.search(q) and not keeping:  # ("anything spicy?")
        everywhere = tuple(p.id for p in shop.products if p.group)
        # "上回那个孜然味的还有货没？": a variant off the table — not one said as unwanted ("Nothing spicy.")
        loose = _variants_named(_NEGATED.sub(" ", q), shop, everywhere)
        if needs.categories:  # "the original jerky": of that kind
            loose = tuple(pid for pid in loose if (p := shop.product(pid)) and p.category in needs.categories)
        if len(loose) == 1 and loose[0] not in table:
            named = loose
            needs = replace(needs, named_products=named)
    off_table = False
    pointed = _kind_pointed(q, vocab, needs) if table and not named and not photo_id else set()
    if pointed:
        inside = any(  # "这茶" of a gift box holding tea: the box's own words hold it
            wd in f"{p.name_zh} {p.name_en} {p.ingredients_zh} {p.ingredients_en}".lower()
            for pid in table
            if (p := shop.product(pid)) is not None
            for wd in pointed
        )
        if not inside and not any(
            (p := shop.product(pid)) is not None and p.category in needs.categories for pid in table
        ):
            # "Does the sausage need a fridge?" after noodle kits, "which of your snacks…": not the table's
            kind = _kind_named(q, shop, vocab, needs)
            if kind:
                named = kind
                needs = replace(needs, named_products=named)
            else:
                off_table = True
    if named and not photo_id and qty:  # "木耳再来两盒，加上一盒豌豆黄": a kind word naming one product
        rest = _without_names(q, vocab, named, shop)  # not "red" of "Harbin red sausage"
        extra = [pid for pid in _kind_named(rest, shop, vocab, needs) if pid not in named]
        if len(extra) == 1:
            named = (*named, extra[0])
            needs = replace(needs, named_products=named)
    if table and named and not photo_id:  # "the brick, the goji and the paste": a word names one on the table
        more = tuple(pid for pid in _table_words(q, shop, table) if pid not in named)
        if more:
            named = (*named, *more)
            needs = replace(needs, named_products=named)
    if named and not photo_id:  # "the Longjing plus the ripe pu'er": of a family named, the variant said
        said = set(_variants_named(q, shop, named))
        fams = {p.group for pid in said if (p := shop.product(pid)) and p.group}
        kept = tuple(pid for pid in named if pid in said or (p := shop.product(pid)) is None or p.group not in fams)
        if kept != named:
            named = kept
            needs = replace(needs, named_products=named)
    if table and len(named) <= 1 and not photo_id:  # "the green one", "黑加仑那款跟绿的": by the pack's look
        fams = {p.group for pid in table if (p := shop.product(pid)) and p.group}
        pool = tuple(dict.fromkeys((*table, *(p.id for p in shop.products if p.group and p.group in fams))))
        looks = tuple(pid for pid in _described(q, shop, pool) if pid not in named)
        if looks:
            named = (*named, *looks)
            needs = replace(needs, named_products=named)
    if len(named) == 1 and not photo_id and _COMPARE.search(q):  # "猪肉脯原味和香辣的有啥区别": two of one family
        one = shop.product(named[0])
        siblings = tuple(p.id for p in shop.products if one is not None and one.group and p.group == one.group)
        both = _variants_named(q, shop, siblings) if len(siblings) > 1 else ()
        if len(both) >= 2:
            named = both
            needs = replace(needs, named_products=named)
    if needs.ambient and named:  # "常温能放的…火腿": of the hams named, those that keep without a fridge
        kept = tuple(pid for pid in named if (p := shop.product(pid)) is not None and not p.cold_chain)
        if kept and kept != named:
            named = kept
            needs = replace(needs, named_products=named)
    refers = bool(_REFERS.search(q)) and not photo_id
    if table and _SIMILAR_PRICE.search(q) and needs.max_price is None:  # "差不多价位的礼盒": around the table's price
        prices = [p.price_cny for pid in table if (p := shop.product(pid)) is not None]
        if prices:
            mid = sum(prices) / len(prices)
            needs = replace(needs, min_price=round(mid * 0.6, 1), max_price=round(mid * 1.5, 1))
    topics = _topics(q)
    if state.act == "human" and "hours" in topics and "human" not in topics and not _THE_SHOP.search(q):
        topics = (*topics, "human")  # "When are they around?" after asking for a person: the clerks' hours
    # a word inside a product's name ("dried fruit gift box", 琥珀核桃仁, Xiamen Peanut Crisp) asks about nothing
    q_asks = _without_names(q, vocab, needs.named_products, shop)
    q_cues = _NOT_ALLERGIC.sub("", q_asks)  # "she's not allergic": no question about allergens
    attributes = tuple(a for a, pat in ATTRIBUTE_CUES.items() if re.search(pat, q_cues, re.I))
    if thing and "ingredients" not in attributes and not mentioned_allergens(thing):
        attributes = (*attributes, "ingredients")  # "虫草花是虫子做的吗？": the label's ingredients, not a pitch
    if "shelf_life" in attributes and "storage" not in attributes and _KEEP_WORD.search(q):
        attributes = (*attributes, "storage")  # "能放几天？我想放冷冻里": whether it may be frozen, too
    if (
        (qty or TOTAL_ASK.search(q))
        and re.search(r"一共|总共|多少钱|共多少|how much|total|come to|cost", q, re.I)
        and "price" not in attributes
    ):
        attributes = ("price", *attributes)
    asked_in = mentioned_allergens(q_asks) - not_allergic(q_asks) - served_with(q_asks)  # said in this question
    allergens = asked_in | (needs.avoid_allergens - not_allergic(q_asks) - served_with(q_asks))
    # "鱼我倒是不过敏" is no allergy; "can I drink it with milk?" is how it is served
    if allergens and "allergens" not in attributes and not _AVOID_SAID.search(q):
        bare = _without_names(q, vocab, tuple(p.id for p in shop.products), shop)  # every name said, taken out
        only_names = {
            t for t in allergens if not re.search(ALLERGEN_WORDS[t], bare, re.I) and not _asked_inside(q, t)
        } - avoided_allergens(bare)
        if only_names:  # "a box of the lard pastries … is that doable?": a name, nothing said of avoiding it
            allergens -= only_names
            needs = replace(needs, avoid_allergens=needs.avoid_allergens - only_names)
    if "allergens" not in attributes and not _CAN_EAT.search(q):  # "the peanuts or the lamb": a name, not an allergy
        own_names = " ".join(f"{p.name_zh} {p.name_en}" for pid in needs.named_products if (p := shop.product(pid)))
        named_in = {t for t in allergens if re.search(ALLERGEN_WORDS[t], own_names, re.I)}
        allergens -= {t for t in named_in - needs.avoid_allergens}
    tags = frozenset(t for t, pat in TAG_WORDS.items() if re.search(pat, q, re.I))
    vague_price = attributes == ("price",) and not _PRICE_SAID.search(q)  # "roughly how much per cup?"
    if (not attributes or vague_price) and not allergens and (named or table) and not _OPEN_WISH.search(q):
        if unlisted_property(q_asks):  # "Is it organic?", "有没有咖啡因？": a field no product has
            attributes = ("unlisted",)
    detail = label_detail(q_asks)
    if detail and (named or table) and "unlisted" not in attributes:
        # "这批的批号是多少？", "how much sugar per 100 ml?": a pack detail no field holds, said as unknown (with
        # what the fields do say: its sweetness), never answered by its price
        attributes = ("unlisted", *(a for a in attributes if a not in ("price", "size")))
    if "unlisted" in attributes and re.search(r"糖|sugar", detail, re.I) and "sweetness" not in attributes:
        attributes = (*attributes, "sweetness")  # the grams aren't known; the shop's sweetness scale is
    if not named and not photo_id and allergens and needs.categories and _REFERS.search(q):
        kind = _kind_named(q, shop, vocab, needs)  # "Are the mooncakes still around? Any of them without egg?"
        if kind and not set(kind) <= set(table):
            named = kind
            needs = replace(needs, named_products=kind)
    new_search = (_selects_products(needs) and not named and not refers) or off_table
    if not named and not refers and _OPEN_WISH.search(q) and (_refines(needs) or needs.avoid_allergens):
        new_search = True  # "Anything properly spicy that's sealed?": a search, not the table's packaging
    if named:
        subjects = named
    elif table and not new_search:
        subjects = table
    else:
        subjects = ()
    one_of = _ONE_OF_THEM.search(q)
    if one_of and not named and (len(subjects) == 2 or (len(subjects) > 2 and re.search("cheapest|最便宜", q, re.I))):
        prods = [p for pid in subjects if (p := shop.product(pid)) is not None]
        pick = min if one_of.group("cheap") else max  # "the cheaper one — would that suit…?": that one
        subjects = (pick(prods, key=lambda p: p.price_cny).id,)
    if not named and table and not new_search and _refines(needs) and not refers:
        needs = _merge(state.needs, needs)  # "两百以内的呢？": the same wish, a new budget
    elif not needs.has_constraints and _WANTS_PRODUCTS.search(q) and state.needs.has_constraints:
        needs = _merge(state.needs, needs)  # "what could I use instead?": the wish that was on the table
    exclude: tuple[str, ...] = ()
    if customer is not None and _SOMETHING_NEW.search(q):  # "去年那个…今年想换换花样": not what they bought
        exclude = CustomerView(customer).bought_ids()
    if named and _excepts_named(q, vocab, shop, named):  # "anything spicy I haven't tried? I've had the cumin lamb"
        left = parse_needs(_without_names(q, vocab, named, shop), shop, vocab)  # not the 礼盒 of 关中礼盒
        theirs = {p.category for pid in named if (p := shop.product(pid)) is not None}  # "I've done the lamb"
        exclude, named, subjects, new_search = (*exclude, *named), (), (), True
        needs = replace(needs, named_products=(), categories=left.categories - theirs, gift_box=left.gift_box)
    taken = tuple(pid for pid, _ in state.quantities)
    order = basket.read(  # "竹荪两盒、100克滇红一罐…": each line of an order on its own
        _without_places(q, vocab),
        shop,
        vocab,
        tuple(dict.fromkeys((*table, *taken))),
        state.quantities,
        CustomerView(customer).bought_ids(),
    )
    told = order.lines
    if told and not photo_id:  # an order names what it takes: not a search ("再加两罐特辣油辣椒放办公室")
        new_search = False
    states = (
        _states_order(q, told, state.quantities)
        and not photo_id
        and all((p := shop.product(pid)) is not None and p.in_stock for pid, n in told if n)  # sold out: say so
    )
    if states and "price" not in attributes:
        # "奶贝两罐、果脯一盒，到店自提。", "I'll take one Longjing 100 g and one Huadiao, with a printed card.":
        # an order told, not asked about — a clerk says it back with its total
        attributes = ("price", *attributes)
    said_places = _places(q_asks, vocab=vocab) or (
        _places(q_asks, cue=False, vocab=vocab) if _ELLIPTICAL.search(q) or _MOVED.search(q) else ()
    )
    places = said_places or (state.places if set(topics) & _PLACE_TOPICS else ())
    if said_places and not subjects and not set(topics) & _PLACE_TOPICS and "luggage" not in topics:
        subjects = _kind_named(q, shop, vocab, needs)  # "a parcel for my folks in Hamburg … the Ili honey?"
    if said_places and not set(topics) & _PLACE_TOPICS and (subjects or "send" in topics) and "luggage" not in topics:
        topics = (*topics, "send")
    priced_before = "price" in state.attributes or "shipping_fee" in state.topics
    picking_up = "pickup" in topics and not said_places  # "要是我自己到店里拿呢？": the same order, not posted
    moved = bool(said_places) or picking_up
    if (_ELLIPTICAL.search(q) or _MOVED.search(q)) and moved and not named and state.quantities and priced_before:
        # "要是改成寄乌鲁木齐呢？", "What if I send it to Beijing instead?": the order there, again
        attributes = tuple(dict.fromkeys(("price", *attributes)))
    whole_order = (
        TOTAL_ASK.search(q) or states or ("price" in attributes and (len(told) > 1 or not named or bool(told)))
    )
    # a parcel, not a suitcase: sent somewhere said before ("给苏州爸妈寄点东西")
    sent = (bool(set(state.topics) & _PLACE_TOPICS) or bool(state.places)) and "luggage" not in state.topics
    sent = sent and not state.travelling
    goes_to = said_places or (state.places if whole_order and sent else ())  # where this visit's parcel goes
    flying = "luggage" in topics  # "for my flight to Osaka": where they fly, not where a parcel goes
    if (
        whole_order
        and goes_to
        and not flying
        and not set(topics) & {"shipping_fee", "pickup"}
        and not _GOODS_ONLY.search(q)
    ):
        topics, places = (*topics, "shipping_fee"), goes_to  # "…寄济南历下，一共多少钱？": with its postage
    if "海外" in places and subjects and "overseas" not in topics and set(topics) & _PLACE_TOPICS:
        topics = (*topics, "overseas")  # "send the tins to my sister in Toronto — doable? postage?": may they go
    far = bool(set(places) & (FAR_PLACES - {"海外"})) and bool(subjects)  # goods to HK / Macau / Taiwan: may they go
    if far and "send" not in topics and set(topics) & _PLACE_TOPICS:
        topics = (*topics, "send")
    if "send" in topics:  # sending somewhere: the delivery rule, or the overseas one (and the rule for HK … Taiwan)
        dest = "overseas" if "海外" in places else "delivery_time"
        swap = (dest, "send") if far else (dest,)
        topics = tuple(dict.fromkeys(x for t in topics for x in (swap if t == "send" else (t,))))
    counts = _quantities(q, shop, vocab, needs.named_products) if len(needs.named_products) > 1 else ()
    dropped = tuple(pid for pid, n in told if n == 0)  # "那火腿不要了": out of the basket, not a line
    told = tuple((pid, n) for pid, n in told if n)
    if told and not photo_id:
        if len(told) > 1:  # an order read line by line: its lines are what it names, with their counts
            counts = told
            named = tuple(pid for pid, _ in told)
        else:  # one line: with the other products the question counts ("…两盒", the rest named without a count
            # are words of the line's own name or another ask: "the whole order" is not Whole Camel Milk Powder)
            first = shop.product(told[0][0])  # not its siblings: "两瓶十年花雕" is not the 5-year too
            counts = (*told, *((pid, n) for pid, n in counts if pid != told[0][0] and not _sibling(shop, pid, first)))
            named = tuple(pid for pid, _ in counts)
        needs = replace(needs, named_products=named)
        subjects = named
    heads = _per_head(q)
    if any(n == heads for _, n in counts):  # "其他14个人每人一包束砂": the count was read with its line already
        heads = 0
    if heads and named and not _DOUBLE.search(q):  # "40个人，每人一袋大米加一盒榛子酥": each line for every one
        counts = _for_each_head(q, vocab, shop, counts or tuple((pid, 1) for pid in named), heads)
        told = counts
        subjects = named = tuple(pid for pid, _ in counts)
    adds = bool(_ADDS.search(q)) and bool(named) and bool(table or state.quantities)
    if _JUST_THESE.search(q) and named and state.quantities:  # "那就只寄两罐茶，再加一包束砂": the rest is out
        rest = _without_names(q, vocab, named, shop)
        left_out = tuple(pid for pid, _ in state.quantities if pid not in named and not _kind_said(rest, shop, pid))
        dropped = (*dropped, *left_out)
        counts = (*(counts or told or tuple((pid, qty or 1) for pid in named)), *((pid, 0) for pid in left_out))
    held_lines = tuple((pid, n) for pid, n in state.quantities if pid not in dropped)
    if dropped and not counts:
        counts = tuple((pid, 0) for pid in dropped)  # said to the basket as lines of none
    if told and adds and not attributes and "price" in state.attributes:
        attributes = ("price",)  # "And if I throw in one more box?" after a total: the total again, with it
    if _DOUBLE.search(q) and held_lines and not told:  # "make it double", "都翻倍": the same order, twice over
        counts = tuple((pid, n * 2) for pid, n in held_lines)
        subjects = named = tuple(pid for pid, _ in counts)
        qty = counts[0][1] if len(counts) == 1 else qty
        attributes = tuple(dict.fromkeys(("price", *attributes)))
        if not topics:  # with the same box, card and postage as before
            topics = tuple(t for t in state.topics if t in _ORDER_TOPICS)
            places = places or state.places
    edits = bool(held_lines) and bool(order.edited or dropped or _EDITS.search(q)) and bool(told or dropped)
    if edits and not new_search and not _DOUBLE.search(q):
        # "把红肠换成清真牛肉红肠两袋，格瓦斯改成4瓶", "那大列巴不要了呢？": the order after the change, priced again
        merged = basket.merge(held_lines, told, shop, adds=True)
        counts = (*merged, *((pid, 0) for pid in dropped))
        subjects = named = tuple(pid for pid, _ in merged)
        qty = merged[0][1] if len(merged) == 1 else None
        attributes = tuple(dict.fromkeys(("price", *attributes)))
        if not topics:  # with the same postage as before
            topics = tuple(t for t in state.topics if t in _ORDER_TOPICS)
            places = places or state.places
    in_basket = tuple(pid for pid, _ in held_lines if shop.product(pid) is not None)
    resized: tuple[str, ...] = ()
    if "price" in attributes and in_basket and not new_search and (TOTAL_ASK.search(q) or not named or adds):
        if adds:  # "再加一盒豌豆黄，一共多少？": the basket with it
            with_it = counts or tuple((pid, qty or 1) for pid in named)
            merged = basket.merge(held_lines, with_it, shop, adds=True)
            if any(pid not in dict(merged) for pid, _ in held_lines):  # "Add one 500 g bag too" with the 1 kg held:
                resized = (q,)  # another size instead, or as well? Not sure: no total
            counts = (*merged, *((pid, 0) for pid in dropped))
            subjects = tuple(pid for pid, n in counts if n)
        elif not named and (set(subjects) <= set(in_basket) or not refers) and not (qty and len(subjects) == 1):
            # "那一共多少钱？": what they'd take (but "What will the 6 bottles cost me?" is the one on the table)
            counts = (*held_lines, *((pid, 0) for pid in dropped))
            subjects = in_basket
    held_ids = {pid for pid, _ in held_lines}
    same_order = "price" in attributes and any(n and pid in held_ids for pid, n in counts) and not new_search
    if same_order:  # the order they are building, priced again: its courier, place, box and card as before
        sending = bool(said_places) or bool(set(topics) & _PLACE_TOPICS)  # "还是寄到家里吧": not picked up any more
        posted = ("shipping_fee", "delivery_time", "courier")  # picked up in the shop: nothing is posted
        carried = (
            t
            for t in state.topics
            if t in _ORDER_TOPICS and not (sending and t == "pickup") and not ("pickup" in topics and t in posted)
        )
        topics = tuple(dict.fromkeys((*topics, *carried)))
        places = places or (() if "pickup" in topics else state.places)
    # what they said they avoid holds for the whole visit, on every path (a named product too): not a new wish
    kid = customer is not None and "children" in customer.buys_for and bool(_KID.search(q)) and not needs.recipients
    held = replace(
        needs,
        avoid_allergens=needs.avoid_allergens | state.needs.avoid_allergens,
        # a vegetarian stays one; "something he could have instead?" of a customer who buys for a child: the child
        recipients=needs.recipients | (state.needs.recipients & HELD_FOR_VISIT) | ({"children"} if kid else set()),
    )
    base = Understanding(
        q,
        "recommend",
        held,
        subjects,
        refers,
        topics,
        attributes,
        allergens,
        tags,
        places,
        bool(photo_id),
        qty,
        exclude,
        counts,
        adds,
        unread=(
            *(x.words for x in order.unread if x.still(counts or tuple((pid, qty or 1) for pid in subjects))),
            *resized,
        ),
        extras_said=state.extras_said if same_order else "",
    )

    def act(a: Act) -> Understanding:
        return replace(base, act=a)

    intent = needs.intent
    if intent.greeting:
        return act("greeting")
    other_ask = bool(attributes) and not _TALK_TO.search(q)
    if _ASKS_PERSON.search(q) and "hours" in topics and not _THE_SHOP.search(q):  # "人工客服几点下班？"
        return replace(base, act="policy", topics=(*topics, "human"))
    if "human" in topics and "hours" in state.topics and _ELLIPTICAL.search(q) and not _TALK_TO.search(q):
        return replace(base, act="policy", topics=("hours", "human"))  # after the shop's hours, "那网上客服呢？"
    if (_ASKS_PERSON.search(q) and not other_ask) or ("human" in topics and len(q) <= 8):
        return act("human")  # "I'll get a clerk to check the label. What's the total?" asks the total
    again = (
        state.act == "complaint"
        and bool(_COMPENSATE.search(q) or _SEND_BACK.search(q) or _STILL_EAT.search(q))
        and (not _CHANGE_OF_MIND.search(q) or bool(_THE_BAD_ONE.search(q) or _STILL_EAT.search(q)))
    )  # "坏的那包要寄回去吗？" after a complaint: its rule, even with "剩下没拆的" in the question
    if any(t in topics for t in _COMPLAINT_TOPICS) and _SUPPOSE.search(q) and not again:
        # "鱼到了要是化了，多久之内得找你们？": what happens if it does — the returns rule, no apology for goods
        # that haven't come yet
        return replace(base, act="policy", topics=tuple(dict.fromkeys((*topics, "returns"))))
    if any(t in topics for t in _COMPLAINT_TOPICS) or again:
        # "…超过你们说的时间还能赔吗？" after a complaint: the same complaint, its rule again
        kind = () if subjects else _kind_named(q, shop, vocab, needs)  # "蜂蜜结晶了是不是坏了？": the honeys
        return replace(base, act="complaint", subject_ids=subjects or kind, again=state.act == "complaint")
    if intent.injection:
        return act("injection")
    if asked_in and subjects and (intent.medical or "ingredients" in attributes) and not new_search:
        # "我怀孕了…辣椒酱里面有酒吗？", "配料表上没有鸡蛋吧": what the labels list, with the shop's caveat
        return replace(base, act="allergy", allergens=asked_in | allergens)
    condition = unsettled_condition(q, "en")  # "我爸痛风，湘西腊肉能吃吗？": the label, and the doctor's word
    if condition and not (_WANTS_PRODUCTS.search(q) and not subjects):
        return replace(base, act="medical", subject_ids=subjects or _kind_named(q, shop, vocab, needs))
    if intent.medical:
        return act("medical")
    line = vocab.bulk_line
    if TIER_ASK.search(q) and (state.act == "bulk" or _is_bulk(q, line)) and (counts or held_lines):
        # "差多少能到下一档？" after a company order: that order, and how far it is from the next tier
        lines = tuple((pid, n) for pid, n in (counts or held_lines) if n)
        return replace(
            base,
            act="bulk",
            quantities=lines,
            subject_ids=tuple(pid for pid, _ in lines),
            attributes=tuple(dict.fromkeys(("price", *attributes))),
        )
    if _is_bulk(q, line) or any(n >= line for _, n in told) or (state.act == "bulk" and told and adds):
        return act("bulk")  # "60 of the dried fruit gift boxes for staff", "and if we add 20 of the …"
    # "还有没有票", "book me a table", "what's the weather like in Xi'an?" — not about a product named
    elsewhere = bool(_ELSEWHERE.search(q)) and (set(attributes) <= {"stock", "taste"} or not needs.named_products)
    weather = bool(_WEATHER_OR_RATES.search(q)) and not (_topics(q) or set(attributes) - {"stock", "taste"})
    if (elsewhere or weather or (intent.off_topic and not (named or topics))) and not _refines(needs):
        return act("off_topic")  # "西湖边上哪家馆子好吃？" names no product: not a question about the one on the table
    own = parse_needs(q_asks, shop, vocab) if named else needs  # "孜然香辣的…", "果干礼盒": names, not wishes
    own = _beyond(own, [p for pid in named if (p := shop.product(pid)) is not None])  # "麻辣小鱼干": its taste
    wish = _refines(replace(own, avoid_allergens=frozenset())) or bool(own.gift_box or own.gift)
    halal_asked = "halal" in allergens and bool(
        re.search(r"(?:is|are) (?:it|they|these|those|this|that)[^?]{0,20}halal|清真吗|是清真|清真的吗", q, re.I)
    )
    if (
        allergens
        and subjects
        and (_CAN_EAT.search(q) or "allergens" in attributes or halal_asked)  # "Are these halal?"
        and not new_search
        and not wish
    ):  # of a halal question, what halal rules out: pork (lard) and alcohol said as such
        return replace(base, act="allergy", allergens=allergens | (HALAL_AVOIDS if halal_asked else frozenset()))
    families = {(p.group or p.id) for pid in table if (p := shop.product(pid)) is not None}
    if (
        allergens
        and not subjects
        and len(families) == 1
        and not wish
        and _IN_IT.search(q)
        and not (new_search and needs.avoid_allergens)
    ):
        return replace(base, act="allergy", subject_ids=table)  # "卤汁里有没有放酒？" of the goose on the table
    avoid = CustomerView(customer).avoid | state.needs.avoid_allergens  # what they told us this visit, too
    posting = bool(said_places) and bool(set(topics) & (_PLACE_TOPICS | {"overseas"}))  # "posting my mum… All OK?"
    if avoid and subjects and _FOR_ME.search(q) and not new_search and not wish and not posting:
        return replace(base, act="allergy", allergens=avoid)  # "is the maren brittle OK for me?", "乐乐能吃吗？"
    if avoid and not subjects and _FOR_ME.search(q) and not posting and (kind := _kind_named(q, shop, vocab, needs)):
        # "Which of your mooncakes can I eat?" of a customer with an egg-free diet: each of them, against it
        return replace(base, act="allergy", allergens=avoid, subject_ids=kind)
    if needs.asked_for and not subjects and (allergens or needs.avoid_allergens):
        return act("unknown_product")  # "我乳糖不耐，双皮奶能吃吗？": a food the shop doesn't sell
    bare_wish = _refines(replace(needs, avoid_allergens=frozenset())) or bool(
        _OPEN_WISH.search(q) or _WANTS_PRODUCTS.search(q)
    )  # "my colleague is allergic to peanuts, what snack could I bring her?": a search
    if allergens and "allergens" in attributes and not bare_wish:
        # "我对芝麻过敏" with nothing on the table: what to avoid, and the shop's caveat ("…有什么推荐？" searches)
        return act("allergy")
    if len(named) >= 2 and _DIFFERENCE.search(q) and (tags or needs.soft):  # "the difference … which would suit …?"
        return act("compare")
    if (
        (tags or needs.soft)
        and subjects
        and _SUITS_ASK.search(q)
        and not new_search
        and not needs.gift_box
        and not (_SEARCHING.search(q) and not refers)  # "Anything soft for a 4-year-old then?": a search
        and not posting  # "send my parents in Toronto the tea, coffee and walnuts. All fine?": may they go
    ):
        return act("suitability")
    kin = CustomerView(customer)  # "牛干巴她能吃吗？": for the relative the clerk's notes describe
    kin_tags = tags | ({"diabetics_low_sugar"} if kin.low_sugar else set()) | _kin_named(q, customer)
    can_eat = bool(_FOR_ME.search(q) or _CAN_EAT_NAMED.search(q)) and not posting  # "豆豆能吃糍粑和孝感麻糖吗？"
    if customer is not None and subjects and can_eat and not new_search and (kin_tags or kin.soft):
        return replace(base, act="suitability", suitability=kin_tags, needs=replace(base.needs, soft=kin.soft))
    if (
        customer is not None
        and not subjects
        and can_eat
        and (kin_tags or kin.soft)
        and not _WANTS_PRODUCTS.search(q)
        and (kind := _kind_named(q, shop, vocab, needs))
    ):  # "我爸能随便吃红枣吗？": the dates, for the diabetic father of the clerk's notes
        return replace(
            base, act="suitability", subject_ids=kind, suitability=kin_tags, needs=replace(base.needs, soft=kin.soft)
        )
    if (
        tags
        and not subjects
        and _SUITS_ASK.search(q)
        and not _WANTS_PRODUCTS.search(q)
        and (kind := _kind_named(q, shop, vocab, needs))
    ):
        return replace(base, act="suitability", subject_ids=kind)  # "宝宝10个月，能给他冲点蜂蜜水吗？"
    usual_wish = bool(re.search(USUAL, q, re.I)) and bool(_WANTS_PRODUCTS.search(q) or _refines(needs))
    if customer is not None and customer.purchases and _ORDER_STATUS.search(q) and not topics:
        return act("history")  # "我9月1号下的那批月饼现在到哪一步了？": the order's status
    hq = _BACK_AGAIN.sub(" ", q)  # "Arjun again." / "又来了" greets; it asks nothing of the history
    if customer is not None and customer.purchases and _HISTORY_ASK.search(hq) and "price" in attributes and not named:
        # "去年中秋寄的那两样，今年照旧来一份，多少钱？": that order again, at today's prices — the whole order, not
        # only the part of it on the table
        return replace(base, act="history", subject_ids=())
    if (
        customer is not None
        and customer.purchases
        and (_HISTORY_ASK.search(hq) or (_HISTORY.search(hq) and not named))
        and not usual_wish  # "老样子，你帮我挑挑，四五百块": a recommendation that leans on the history
        and not _SOMETHING_NEW.search(q)  # "anything new and fiery I can try?": a recommendation
        and (
            _HISTORY_WHAT.search(q) or REORDER.search(q) or not (topics or attributes)
        )  # "上个月寄的奶皮子能塞进礼盒吗": the rule
    ):
        base = replace(base, subject_ids=needs.named_products)
        return act("history")
    if len(named) >= 2 and _COMPARE.search(q) and not order.edited:  # "那月饼换成陈皮": an edit, not a choice
        return act("compare")
    if (
        subjects
        and refers
        and _COMPARE.search(q)
        and re.search(r"更|better|best|哪个好|hotter|spicier|sweeter|milder|stronger|longer|softer", q, re.I)
    ):
        return act("compare")
    if (_COOL_BAG.search(q) or re.search(r"\b(?:bag|box)\b|袋里|箱里", q, re.I)) and _KEEPS_COLD.search(q) and not told:
        # "冷藏保温袋能保冷多久？": the shop's cool bag (how long it keeps cold), not a chilled product's shelf life
        # the cool bag is sold for the road: the luggage rule's words on it count as much as the courier's
        kept_cold = tuple(dict.fromkeys((*topics, "cold_chain", "luggage")))
        return replace(base, act="policy", subject_ids=named, topics=kept_cold)
    if (
        subjects
        and set(attributes) & {"shelf_life", "storage", "ingredients", "packaging", "unlisted"}
        and not new_search
        and set(topics) <= {"delivery_time", "send", "cold_chain"}  # "can I return the sealed one?" is the rule
    ):
        return act("attribute")  # "how long does it keep once it arrives?" asks about the product, not delivery
    if named and adds and not topics and state.act == "policy" and set(state.topics) & _FOLLOWED_RULES:
        # "Could I throw in a box of the mooncakes for her too?" after the parcel abroad: the same rule for it
        return replace(base, act="policy", topics=state.topics, places=places or state.places)
    if subjects and "allergens" in attributes and set(topics) == {"allergen_info"} and not _TRACES.search(q):
        return act("attribute")  # "楚味三宝礼盒里有哪些过敏原？": that label's list, with the shop's caveat
    wants = bool(_WANTS_PRODUCTS.search(q)) or (_refines(needs) and not table)  # "a few properly spicy things"
    # "那有啥点心他能吃？不要辣的，我到店自提。": how they'll take it is no question — the picks are
    picks_to_collect = set(topics) <= {"pickup", "human"} and bool(_OPEN_WISH.search(q) or _WANTS_PRODUCTS.search(q))
    if (
        any(t != "human" for t in topics)
        and not (wants and not named and (not refers or not table))
        and not picks_to_collect
    ):
        bare = _without_places(q, vocab)  # "外婆住绍兴": a destination, not the 绍兴 of 绍兴花雕酒
        if not subjects and (kind := _kind_named(bare, shop, vocab, needs) or _words_named(bare, shop)):
            return replace(base, act="policy", subject_ids=kind)  # "can I take the baijiu on a plane?"
        return act("policy")
    if attributes and new_search and not refers and not wants and (kind := _kind_named(q, shop, vocab, needs)):
        return replace(base, act="attribute", subject_ids=kind)  # "how long does the honey keep?"
    if (
        attributes
        and not subjects
        and not named
        and not new_search
        and not _WANTS_PRODUCTS.search(q)
        and (loose := _words_named(q, shop))
    ):
        return replace(base, act="attribute", subject_ids=loose)  # "你们自己那个凤香型多少度？"
    if attributes and not subjects and state.act == "bulk":
        return act("bulk")  # "打完折一共多少钱？" after a corporate order: the tiers and a clerk's quote
    if attributes and not new_search and (subjects or not needs.has_constraints):
        return act("attribute")  # with nothing on the table: "which one do you mean?"
    if needs.asked_for:  # "有检测报告吗？" asks a fact of a product, not for one
        return act("attribute" if label_detail(q) else "unknown_product")
    if intent.off_topic and not needs.has_constraints and not _WANTS_PRODUCTS.search(q):
        return act("off_topic")
    if subjects and not new_search and (refers or _FOLLOW_CHEAPER.search(q) or intent.pricier) and not named:
        return act("choose")  # a choice among what is on the table: "which of those comes in a gift box?"
    if not table and not named and refers and _COMPARE.search(q) and len(loose := _words_named(q, shop)) >= 2:
        return replace(base, act="choose", subject_ids=loose)  # "two walnut bags … which one's for my grandpa?"
    # a diabetic grandfather, a small child: who the picks or the comparison before were for
    cared = (frozenset(state.needs.recipients) | (state.suitability if state.act == "compare" else frozenset())) & (
        _CARED_ABOUT
    )
    if cared and table and not named and not new_search and _FOR_ME.search(q) and state.act in _PICKED:
        # "那她能随便吃吗？" after picks for a diabetic mother: whether those suit her
        return replace(base, act="suitability", subject_ids=table[:3], suitability=cared)
    if (
        named
        and cared
        and not topics
        and ((state.act in ("recommend", "choose") and _ELLIPTICAL.search(q)) or _FOR_ME.search(q))
    ):  # "And the Dangshan pear syrup? … is it OK for him?" after the diabetic father's jellies
        # "What about the Laoxianghuang?" after picks for an 80-year-old diabetic: is it for him, not a new pitch
        return replace(base, act="suitability", suitability=cared, needs=replace(base.needs, recipients=cared))
    other_day = bool(_WHEN_SAID.search(q)) and state.act == "policy" and bool(state.topics)  # "那要是周四下单呢？"
    if (
        (named or said_places or other_day) and _ELLIPTICAL.search(q) and state.act in _REPEATABLE
    ):  # "那原味的呢？": the last question, again
        return replace(
            base,
            act=state.act,  # type: ignore[arg-type]
            attributes=attributes or state.attributes,
            allergens=allergens or state.allergens,
            suitability=tags or state.suitability,
            topics=topics or state.topics,  # "what about Lhasa then?": the same rule for another place
            places=places or state.places,
        )
    one_on_table = len({(p.group or p.id) for pid in table if (p := shop.product(pid))}) == 1
    if (
        allergens
        and (named or ((refers or one_on_table) and table and not off_table))
        and not _WANTS_PRODUCTS.search(q)
    ):
        # "Is the eight pastries box peanut-free then?": what its label lists, never a sales pitch
        return replace(base, act="allergy", subject_ids=named or subjects)
    if needs.has_constraints or _WANTS_PRODUCTS.search(q) or named:
        return act("recommend")
    return act("unclear")
