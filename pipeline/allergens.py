"""Allergen words: what a customer may call an allergen, and what a label's ingredient list calls it.

The catalogue format lists allergens per product, but a shop's list can miss one its own ingredients name
("汤料包（螺蛳…）", "small fish") — and a customer may ask about one the format has no tag for (shellfish, fish).
A product counts as containing an allergen when its list says so *or* its ingredients name it: for an
allergy the safe mistake is "contains".
"""

from __future__ import annotations

import re
from functools import cache

__all__ = [
    "ALLERGEN_NAMES",
    "ALLERGEN_WORDS",
    "CONDITION_AVOIDS",
    "CONDITION_ONLY",
    "DIETS",
    "HALAL_AVOIDS",
    "HALAL_SAID",
    "INGREDIENT_WORDS",
    "LAND_MEAT_WORDS",
    "MEAT_WORDS",
    "condition_avoids",
    "condition_named",
    "in_ingredients",
    "keeps_pungent",
    "not_halal",
]

# the five pungent vegetables as an ingredient list names them, and as a customer names the rule
PUNGENT = r"蒜|葱|韭|藠头|薤|兴渠|阿魏|garlic|onions?|scallions?|leeks?|chives?|shallots?|asafoetida|\bhing\b"
PUNGENT_SAID = r"五辛|五荤|荤辛|(?:five )?pungent (?:vegetables|spices|roots)|pungent five"
# the rule kept, said in words: by its name, the vegetables themselves, or the diet that holds it
_KEEPS_PUNGENT = re.compile(
    rf"(不吃|不沾|不碰|忌|戒|no|avoids?|without|none of|don'?t eat|doesn'?t eat)[^，。；;,.]{{0,6}}(?:{PUNGENT_SAID})|"
    r"不吃[^，。；;]{0,3}(葱|蒜|韭)|(不吃|忌)葱|\bno (garlic|onions?)\b|"
    r"吃(长)?斋|斋菜|斋饭|佛(教|家|门)[^，。？?]{0,4}素|buddhist[- ](vegetarian|diet|vegan)|\bjain",
    re.I,
)

# what a customer says ("我对虾蟹贝壳类过敏", "she's coeliac")
ALLERGEN_WORDS: dict[str, str] = {
    "peanut": r"花生|peanuts?|groundnuts?",
    "tree_nut": r"坚果|核桃|杏仁|腰果|榛子|松子|开心果|夏威夷果|碧根果|山核桃|栗子|tree ?nuts?|walnuts?|almonds?|cashews?|"
    r"hazelnuts?|pine ?nuts?|pistachios?|pecans?|hickory|macadamias?|chestnuts?|\bnuts?\b",
    "gluten": r"麸质|小麦|面筋|乳糜泻|gluten|\bwheat|coeliac|celiac",
    "soy": r"大豆|黄豆|豆制品|\bsoy|soya|soybeans?",
    # egg white (蛋白), never milk's casein (酪蛋白), whey or soy protein, nor protein itself (蛋白质)
    "egg": r"鸡蛋|蛋黄|蛋类|(?<!酪)(?<!乳清)(?<!大豆)(?<!豌豆)(?<!植物)(?<!乳)蛋白(?!质)|\beggs?\b|yolks?",
    # not a flavouring named after it ("flavouring (milk-style)", "milk-flavoured"): the label's word for a taste
    "milk": r"牛奶|乳制品|奶制品|乳糖|(?<!coconut )(?<!almond )(?<!oat )(?<!soy )\bmilk\b(?![- ](?:style|flavou?r|scent))|"
    r"dairy|lactose",
    "sesame": r"芝麻|sesame",
    "alcohol": r"酒精|含酒|带酒|有酒|(放|加|掺|用)了?.{0,2}酒|alcohol|\bliquor\b|\bwine in\b",
    "fish": r"(?<!鱿)(?<!墨)(?<!章)鱼(?!腥草)|海鲜|\bfish|seafood|anchov|salmon|tuna|\bcod\b",
    "pork": r"猪肉|猪油|猪骨|大油|\bpork\b|\blard\b",
    "halal": r"清真|halal",
    "fava": r"蚕豆|胡豆|罗汉豆|\bfava|broad ?beans?",
    "shellfish": r"虾|蟹|贝类|贝壳|扇贝|螺蛳|田螺|海螺|蚌|蛤|蚝|牡蛎|鱿鱼|墨鱼|章鱼|海鲜|shellfish|seafood|shrimps?|prawns?|"
    r"crabs?|lobsters?|crustaceans?|molluscs?|mollusks?|snails?|oysters?(?! mushroom)|clams?|mussels?|scallops?|squid|octopus",
    # the five pungent vegetables a Buddhist vegetarian (and many Jains) leave out: garlic, onion, scallion, leek and
    # chives, asafoetida — a faith's rule, not an allergy
    "pungent": PUNGENT_SAID + "|" + PUNGENT,
}
# what an ingredient list says: the same words, without those that only a customer uses for the allergy
INGREDIENT_WORDS: dict[str, str] = {
    **ALLERGEN_WORDS,
    "tree_nut": ALLERGEN_WORDS["tree_nut"].replace(r"|\bnuts?\b", ""),
    "gluten": r"麸质|小麦|面粉|面筋|大麦|黑麦|gluten|\bwheat|barley|\brye\b|semolina|spelt",
    "fish": r"(?<!鱿)(?<!墨)(?<!章)鱼(?!腥草)|\bfish|anchov|salmon|tuna|\bcod\b",
    "shellfish": ALLERGEN_WORDS["shellfish"].replace("海鲜|", "").replace("seafood|", ""),
    "pork": r"猪|\bpork\b|\blard\b|bacon|\bham\b",
    "fava": r"蚕豆|胡豆|罗汉豆|兰花豆|豆瓣|\bfava|broad ?beans?",  # 豆瓣(酱) is made of broad beans
    # milk in the forms labels write it: 全脂奶粉, 乳清粉, 黄油, yak butter, cream — never coconut milk (椰浆, 椰奶)
    "milk": ALLERGEN_WORDS["milk"]
    + r"|奶粉|乳粉|酪蛋白|奶油|黄油|乳清|奶酪|芝士|炼乳|酸奶|牛乳|羊奶|羊乳|牦牛奶|奶皮|奶渣|乳扇|乳饼|"
    r"(?<!peanut )(?<!cocoa )(?<!shea )(?<!nut )\bbutter\b|\bcheese|\bcream\b(?![- ](?:style|flavou?r|scent))|\bwhey\b|"
    r"\bghee\b|yogh?urt|casein",
    "halal": r"$^",  # no ingredient says it: meat not said to be halal is found by ``not_halal``
    "alcohol": r"酒精|白酒|黄酒|米酒|料酒|酒酿|醪糟|\balcohol|\bliquor\b|baijiu|rice wine|\bwine\b|\brum\b|brandy|whisky",
    "pungent": PUNGENT,
}
ALLERGEN_NAMES: dict[str, dict[str, str]] = {
    "peanut": {"zh": "花生", "en": "peanut"},
    "tree_nut": {"zh": "坚果", "en": "tree nuts"},
    "gluten": {"zh": "麸质（小麦）", "en": "gluten (wheat)"},
    "soy": {"zh": "大豆", "en": "soy"},
    "egg": {"zh": "鸡蛋", "en": "egg"},
    "milk": {"zh": "奶", "en": "milk"},
    "sesame": {"zh": "芝麻", "en": "sesame"},
    "alcohol": {"zh": "酒精", "en": "alcohol"},
    "fish": {"zh": "鱼", "en": "fish"},
    "shellfish": {"zh": "贝类和甲壳类（虾蟹螺贝）", "en": "shellfish"},
    "pork": {"zh": "猪肉成分", "en": "pork"},
    "halal": {"zh": "非清真认证的肉", "en": "meat that isn't halal-certified"},
    "fava": {"zh": "蚕豆", "en": "fava (broad) beans"},
    "pungent": {
        "zh": "五辛（葱、蒜、韭、洋葱等）",
        "en": "the pungent vegetables (garlic, onion, scallion, leek, chives)",
    },
}
# an ingredient that no vegetarian eats: meat, fish, seafood, animal fat, gelatine, egg is *not* here (lacto-ovo);
# not the plants and teas named after animals (肉桂 cinnamon, 肉豆蔻 nutmeg, 鸡头米 gorgon seed, 牛蒡 burdock,
# 鸭屎香 and 牛栏坑 teas, the mushrooms 鸡枞, 鸡腿菇, 牛肝菌 and 羊肚菌)
MEAT_WORDS = (
    r"(?<![果圆眼椰仁瓜笋])肉(?!桂|豆蔻)|鸡(?!蛋|头米|枞|腿菇)|鸭(?!蛋|屎香)|鹅(?!蛋|黄)|牛(?!奶|乳|蒡|栏坑|肝菌)|羊(?!奶|乳|肚菌)|猪|骨|鱼|虾|蟹(?!爪)|贝|(?<!碧)螺(?!春|旋|丝钉)|蚝|海参|鱿鱼|明胶|动物油|\bmeat|beef|"
    r"chicken|duck(?! egg)|goose|lamb|mutton|pork|lard|bacon|\bham\b|gelatin|fish|shrimp|prawn|crab|squid|scallop|"
    r"oyster(?! mushroom)|clam|mussel|sea cucumber|anchov|bone"
)

# the meat of land animals: for someone who eats halal only, unless the product says it is halal-certified
LAND_MEAT_WORDS = (
    r"(?<![果圆眼椰仁瓜笋鱼蟹贝])肉(?!桂|豆蔻)|鸡(?!蛋|头米|枞|腿菇)|鸭(?!蛋|屎香)|鹅(?!蛋|黄)|牛(?!奶|乳|蒡|栏坑|肝菌)|羊(?!奶|乳|肚菌)|猪|驴|明胶|动物油|\bmeat|beef|chicken|"
    r"duck(?! egg)|goose|lamb|mutton|pork|lard|bacon|\bham\b|gelatin|donkey"
)
HALAL_SAID = r"(?<!没有)(?<!不是)(?<!非)清真|(?<!no )(?<!not )halal"
# someone who eats halal only, in words said of themself ("只吃清真", "eats only halal")
HALAL_ONLY = r"只吃清真|吃清真|清真的?才|(eats?|eating) (only )?halal|(halal|清真) only|only halal"

# what is avoided by choice or faith, not by allergy: said as "you don't take it", never "allergic"
DIETS = frozenset({"alcohol", "pork", "halal", "pungent"})
# what eating halal only rules out: pork, meat not said to be halal, and alcohol (a Muslim customer takes no wine)
HALAL_AVOIDS = frozenset({"pork", "halal", "alcohol"})


@cache
def _pattern(tag: str) -> re.Pattern[str]:
    return re.compile(INGREDIENT_WORDS[tag], re.I)


def in_ingredients(*texts: str) -> frozenset[str]:
    """The allergens an ingredient list names, in any of its languages."""
    return frozenset(tag for tag in INGREDIENT_WORDS if any(_pattern(tag).search(t) for t in texts if t))


def not_halal(ingredients: str, said: str) -> bool:
    """Whether a product holds meat of land animals and says nothing of being halal (``said``: its name and
    description)."""
    return bool(re.search(LAND_MEAT_WORDS, ingredients, re.I)) and not re.search(HALAL_SAID, said, re.I)


# health conditions that are, for food, an ingredient to keep away from (general knowledge, not a shop's): G6PD
# deficiency (蚕豆病) and fava beans, lactose intolerance and milk, coeliac disease and gluten
CONDITION_AVOIDS: tuple[tuple[re.Pattern[str], frozenset[str], str, str], ...] = (
    (re.compile(r"G6PD|蚕豆病|蚕豆过敏|favism", re.I), frozenset({"fava"}), "蚕豆病（G6PD缺乏症）", "G6PD deficiency"),
    (re.compile(r"乳糖不耐|lactose[- ]?intoleran", re.I), frozenset({"milk"}), "乳糖不耐受", "lactose intolerance"),
    (
        re.compile(r"coeliac|celiac|乳糜泻|麸质不耐|gluten[- ]?intoleran|gluten[- ]?sensitiv", re.I),
        frozenset({"gluten"}),
        "乳糜泻（麸质不耐受）",
        "coeliac disease",
    ),
)


# what only a condition rules out (fava beans: G6PD deficiency), whichever turn of the visit said it
CONDITION_ONLY = frozenset({"fava"})


def keeps_pungent(text: str) -> bool:
    """Whether a text says someone leaves out the five pungent vegetables ("也不吃五辛", "吃长斋的佛教居士", "no
    garlic or onion")."""
    return bool(_KEEPS_PUNGENT.search(text))


def condition_avoids(text: str) -> frozenset[str]:
    """What the health conditions a text names rule out ("孩子有蚕豆病": fava beans)."""
    return frozenset(t for pat, tags, _, _ in CONDITION_AVOIDS if pat.search(text) for t in tags)


def condition_named(text: str, tag: str, lang: str) -> str | None:
    """The condition a text names that rules out ``tag`` ("蚕豆病（G6PD缺乏症）" for fava), if one does."""
    for pat, tags, zh, en in CONDITION_AVOIDS:
        if tag in tags and (pat.search(text) or tag in CONDITION_ONLY):
            return zh if lang == "zh" else en
    return None
