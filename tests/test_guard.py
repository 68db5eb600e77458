from pipeline.catalogue import Shop
from pipeline.facts import Facts
from pipeline.guard import Guard


def facts_for(shop: Shop, *ids: str, policies: tuple[str, ...] = ()) -> Facts:
    return Facts(
        shop,
        tuple(p for p in shop.products if p.id in ids),
        tuple(p for p in shop.policies if p.id in policies),
    )


def test_true_sentences_pass(shop: Shop) -> None:
    g = Guard(facts_for(shop, "hunan-smoked-pork", "black-fungus"))
    assert g.check("湘西烟熏腊肉¥78，有礼盒，保质期180天，适合长辈。").ok
    assert g.check("东北秋木耳只要49元，不甜，很适合父母。").ok
    assert g.check("The Xiangxi Smoked Pork Belly is ¥78 and comes in a gift box.").ok


def test_wrong_price_and_one_yuan_injection_fail(shop: Shop) -> None:
    g = Guard(facts_for(shop, "hunan-smoked-pork"))
    assert not g.check("湘西烟熏腊肉只要1元。").ok
    assert not g.check("The smoked pork is 68 yuan today.").ok
    assert not g.check("腊肉七十元一份。").ok


def test_invented_product_and_unretrieved_product_fail(shop: Shop) -> None:
    g = Guard(facts_for(shop, "hunan-smoked-pork"))
    r = g.check("我们还有茅台酒，送礼很有面子。")
    assert not r.ok and any("unknown product" in v for v in r.violations)
    assert not g.check("We also have Golden Durian Cakes for you.").ok
    # a real catalogue product that is not among this answer's facts: its facts were never checked
    assert not g.check("也可以看看明前龙井（100克罐装）。").ok


def test_gift_box_stock_discount_and_health_claims(shop: Shop) -> None:
    g = Guard(facts_for(shop, "chili-crisp-original", "beef-jerky-cumin"))
    assert not g.check("油辣椒香辣脆（香辣原味）带精美礼盒。").ok
    assert g.check("油辣椒香辣脆（香辣原味）没有礼盒，可以加购店里的付费礼盒。").ok
    assert not g.check("风干牛肉干（孜然味）现在有货。").ok
    assert not g.check("今天全场打八折。").ok
    assert not g.check("这个辣椒酱能降血压。").ok
    assert not g.check("It cures colds.").ok


def test_discount_from_policy_is_allowed(shop: Shop) -> None:
    g = Guard(facts_for(shop, policies=("corporate_orders",)))
    pol = next(p for p in shop.policies if p.id == "corporate_orders")
    assert g.check(pol.answer_zh.split("。")[0] + "。").ok


def test_shelf_life_in_months_must_match(shop: Shop) -> None:
    g = Guard(facts_for(shop, "hunan-smoked-pork"))  # 180 days
    assert g.check("腊肉能放6个月。").ok
    assert not g.check("腊肉能放12个月。").ok


def test_customers_budget_may_be_repeated(shop: Shop) -> None:
    f = facts_for(shop, "hunan-smoked-pork")
    assert not Guard(f).check("都在100元以内。").ok
    from dataclasses import replace

    assert Guard(replace(f, budget=(None, 100.0))).check("都在100元以内。").ok


def test_negated_health_words_and_full_product_fields(shop: Shop) -> None:
    g = Guard(facts_for(shop, "puer-raw-cake"))
    assert g.check("我们卖的是食品，不能做任何治疗或保健功效的说法。").ok
    assert g.check("古树普洱茶饼（生茶）花香蜜韵，可长期存放。").ok  # flavour text comes from the catalogue


def test_texture_words_are_not_products(shop: Shop) -> None:
    g = Guard(facts_for(shop, "spicy-dried-tofu"))
    assert g.check("麻辣香干加上酥脆的口感，很下饭。").ok
    assert not g.check("还有榴莲饼，很好吃。").ok


def test_generic_references_to_the_facts_are_fine(shop: Shop) -> None:
    g = Guard(facts_for(shop, "tieguanyin", "puer-raw-cake", "huadiao-5yr"))
    assert g.check("这三款茶都是高档茶，适合送领导。").ok
    assert g.check("适合喜欢传统酒的人。").ok
    assert not g.check("也可以试试我们的红茶。").ok  # a kind of tea the facts don't hold


def test_quality_claims_must_come_from_the_catalogue(shop: Shop) -> None:
    g = Guard(facts_for(shop, "milk-tablets", "dried-matsutake"))
    assert not g.check("草原奶贝是纯天然的食品，无添加。").ok
    assert not g.check("It's all-natural and organic.").ok
    matsutake = shop.product("dried-matsutake")
    assert matsutake is not None and "野生" in matsutake.all_text()
    assert g.check("香格里拉松茸干片是野生的。").ok  # the catalogue says so


def test_health_and_nutrition_benefits_must_come_from_the_catalogue(shop: Shop) -> None:
    g = Guard(facts_for(shop, "spicy-dried-tofu"))
    assert not g.check("The smoked tofu is also a healthy option, as it contains protein and fiber.").ok
    assert not g.check("麻辣香干很健康，富含蛋白质。").ok
