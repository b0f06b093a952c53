import { describe, expect, it } from 'vitest';
import { AGGREGATIONS, BILLING_ALIGNMENTS, CHARGE_MODELS, PLAN_INTERVALS } from '@/lib/db/schema';
import { applyPlanFormIntent, blankCharge, blankPlanForm, FORM_AGGREGATIONS, FORM_ALIGNMENTS, FORM_CHARGE_MODELS, FORM_INTERVALS, planCreateBody, planFormField, readPlanForm } from './plan-form';

describe('the plan form', () => {
  it('offers exactly the schema’s models, intervals, alignments and aggregations', () => {
    expect([...FORM_CHARGE_MODELS]).toEqual([...CHARGE_MODELS]);
    expect([...FORM_INTERVALS]).toEqual([...PLAN_INTERVALS]);
    expect([...FORM_ALIGNMENTS]).toEqual([...BILLING_ALIGNMENTS]);
    expect([...FORM_AGGREGATIONS]).toEqual([...AGGREGATIONS]);
  });

  it('reads rows back in their numbered order, closing the gaps a removed row leaves', () => {
    const values = readPlanForm([
      ['code', ' growth '],
      ['charges.3.model', 'volume'],
      ['charges.3.tiers.5.up_to', ''],
      ['charges.3.tiers.5.unit_price', '1'],
      ['charges.3.tiers.2.up_to', '10'],
      ['charges.3.tiers.2.unit_price', '2'],
      ['charges.0.model', 'flat'],
      ['charges.0.amount', ' 9 '],
      ['pay_in_advance', 'true'],
      ['charges.0.unknown', 'ignored'],
    ]);
    expect(values.code).toBe('growth');
    expect(values.pay_in_advance).toBe(true);
    expect(values.charges.map((c) => c.model)).toEqual(['flat', 'volume']);
    expect(values.charges[0]!.amount).toBe('9');
    expect(values.charges[1]!.tiers).toEqual([
      { up_to: '10', unit_price: '2', flat_amount: '' },
      { up_to: '', unit_price: '1', flat_amount: '' },
    ]);
    // the flat charge posted no tier rows: should it become tiered, it has blank ones to fill in
    expect(values.charges[0]!.tiers).toEqual([
      { up_to: '', unit_price: '', flat_amount: '' },
      { up_to: '', unit_price: '', flat_amount: '' },
    ]);
    expect(readPlanForm([]).pay_in_advance).toBe(false);
  });

  it('sends only the fields the model reads; needed ones as typed, optional ones only when filled', () => {
    const plan = { ...blankPlanForm('eur'), code: 'p', name: 'P', interval_count: '', trial_days: '14' };
    const charge = { ...blankCharge('package'), metric: 'calls', amount: '5', package_size: '', unit_price: '0.1', included_units: '', filters: ' tier = pro , region=eu ', tiers: [{ up_to: '', unit_price: '1', flat_amount: '' }] };
    const body = planCreateBody({ ...plan, charges: [{ ...blankCharge('flat'), metric: 'calls', amount: '10' }, charge, { ...charge, model: 'graduated', filters: 'tier' }] });
    expect(body).toMatchObject({ currency: 'EUR', interval_count: undefined, trial_days: 14, pay_in_advance: false, billing_alignment: 'anniversary' });
    expect(body.charges).toEqual([
      { metric: null, model: 'flat', amount: '10' },
      { metric: 'calls', model: 'package', amount: '5', package_size: '', filters: { tier: 'pro', region: 'eu' } },
      { metric: 'calls', model: 'graduated', tiers: [{ up_to: null, unit_price: '1' }], filters: { tier: '' } },
    ]);
    expect(planCreateBody({ ...plan, interval_count: 'x' }).interval_count).toBeNaN();
  });

  it('adds and removes rows, keeping one charge and one tier, and ignores what it does not know', () => {
    const start = blankPlanForm('usd');
    const two = applyPlanFormIntent(start, 'add_charge');
    expect(two.charges.map((c) => c.model)).toEqual(['flat', 'per_unit']);
    expect(applyPlanFormIntent(start, 'remove_charge:0')).toBe(start);
    expect(applyPlanFormIntent(two, 'remove_charge:0').charges.map((c) => c.model)).toEqual(['per_unit']);
    const three = applyPlanFormIntent(two, 'add_tier:1');
    expect(three.charges[1]!.tiers).toHaveLength(3);
    const edited = { ...three, charges: [three.charges[0]!, { ...three.charges[1]!, tiers: three.charges[1]!.tiers.map((t, j) => ({ ...t, up_to: String(j) })) }] };
    expect(applyPlanFormIntent(edited, 'remove_tier:1:1').charges[1]!.tiers.map((t) => t.up_to)).toEqual(['0', '2']);
    const single = { ...start, charges: [{ ...start.charges[0]!, tiers: [start.charges[0]!.tiers[0]!] }] };
    expect(applyPlanFormIntent(single, 'remove_tier:0:0')).toBe(single);
    for (const intent of ['', 'drop_table', 'add_tier:9', 'remove_tier:0:7', 'remove_charge:x']) expect(applyPlanFormIntent(two, intent)).toBe(two);
    let many = start;
    for (let i = 0; i < 30; i++) many = applyPlanFormIntent(many, 'add_tier:0');
    expect(many.charges[0]!.tiers).toHaveLength(20);
  });

  it('puts each problem beside the field its path names', () => {
    expect(planFormField(undefined)).toBe('form');
    expect(planFormField('code')).toBe('code');
    expect(planFormField('charges')).toBe('charges');
    expect(planFormField('charges.2')).toBe('charges.2');
    expect(planFormField('charges.2.unit_price')).toBe('charges.2.unit_price');
    expect(planFormField('charges.2.tiers')).toBe('charges.2');
    expect(planFormField('charges.2.tiers.1')).toBe('charges.2');
    expect(planFormField('charges.2.tiers.1.flat_amount')).toBe('charges.2.tiers.1.flat_amount');
    expect(planFormField('charges.2.filters.size')).toBe('charges.2.filters');
    expect(planFormField('charges.2.surprise')).toBe('charges.2');
    expect(planFormField('elsewhere')).toBe('form');
  });
});
