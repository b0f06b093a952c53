import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { decimalString, fromMinorUnits, minorUnitDigits, moneyString, roundMoney, toMinorUnits } from './money';

describe('minorUnitDigits', () => {
  it('follows ISO 4217 for zero-, two- and three-decimal currencies', () => {
    expect(minorUnitDigits('usd')).toBe(2);
    expect(minorUnitDigits('eur')).toBe(2);
    expect(minorUnitDigits('jpy')).toBe(0);
    expect(minorUnitDigits('krw')).toBe(0);
    expect(minorUnitDigits('isk')).toBe(0);
    expect(minorUnitDigits('huf')).toBe(2);
    expect(minorUnitDigits('kwd')).toBe(3);
    expect(minorUnitDigits('bhd')).toBe(3);
  });

  it('does not depend on the case of the code', () => {
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('Kwd')).toBe(3);
  });
});

describe('roundMoney', () => {
  it('rounds ties up on exact decimals where binary floats would round down', () => {
    // 0.015 and 1.005 are just below the tie as IEEE doubles, so float-based rounding gives 0.01 and 1.00.
    expect(roundMoney('0.005', 'usd').toFixed()).toBe('0.01');
    expect(roundMoney('0.015', 'usd').toFixed()).toBe('0.02');
    expect(roundMoney('1.005', 'usd').toFixed()).toBe('1.01');
    expect(roundMoney('0.735', 'eur').toFixed()).toBe('0.74');
  });

  it('rounds negative ties away from zero', () => {
    expect(roundMoney('-0.005', 'usd').toFixed()).toBe('-0.01');
    expect(roundMoney('-0.015', 'usd').toFixed()).toBe('-0.02');
    expect(roundMoney('-2.5', 'jpy').toFixed()).toBe('-3');
    expect(roundMoney('-0.0045', 'kwd').toFixed()).toBe('-0.005');
  });

  it('rounds below the tie down', () => {
    expect(roundMoney('0.0049999', 'usd').toFixed()).toBe('0');
    expect(roundMoney('2.4999', 'jpy').toFixed()).toBe('2');
  });

  it('uses the currency minor unit', () => {
    expect(roundMoney('2.5', 'jpy').toFixed()).toBe('3');
    expect(roundMoney('1.2345', 'kwd').toFixed()).toBe('1.235');
    expect(roundMoney('1.2345', 'usd').toFixed()).toBe('1.23');
  });

  it('accepts Decimal instances and rejects non-numbers', () => {
    expect(roundMoney(new Decimal('3.335'), 'usd').toFixed()).toBe('3.34');
    expect(() => roundMoney('abc', 'usd')).toThrow(RangeError);
    expect(() => roundMoney('Infinity', 'usd')).toThrow(RangeError);
    expect(() => roundMoney('NaN', 'usd')).toThrow(RangeError);
  });
});

describe('moneyString', () => {
  it('always prints every minor digit', () => {
    expect(moneyString('254.5', 'usd')).toBe('254.50');
    expect(moneyString('1000', 'jpy')).toBe('1000');
    expect(moneyString('1.2', 'kwd')).toBe('1.200');
    expect(moneyString('0', 'usd')).toBe('0.00');
  });

  it('never prints a negative zero', () => {
    expect(moneyString('-0.001', 'usd')).toBe('0.00');
    expect(moneyString('-0.4', 'jpy')).toBe('0');
  });

  it('stays exact beyond double precision', () => {
    expect(moneyString('123456789012345678.125', 'usd')).toBe('123456789012345678.13');
    expect(moneyString('1e20', 'usd')).toBe('100000000000000000000.00');
  });
});

describe('decimalString', () => {
  it('drops trailing zeros and never uses an exponent', () => {
    expect(decimalString('12.500')).toBe('12.5');
    expect(decimalString('1e-7')).toBe('0.0000001');
    expect(decimalString('1e21')).toBe('1000000000000000000000');
    expect(decimalString('100')).toBe('100');
    expect(decimalString('0.10')).toBe('0.1');
    expect(decimalString('-0')).toBe('0');
    expect(decimalString(new Decimal('-2.50'))).toBe('-2.5');
  });
});

describe('fromMinorUnits and toMinorUnits', () => {
  it('convert between minor and major units exactly, by the currency’s digits', () => {
    expect(fromMinorUnits(424, 'eur').toFixed()).toBe('4.24');
    expect(fromMinorUnits('0.35', 'eur').toFixed()).toBe('0.0035');
    expect(fromMinorUnits(500, 'JPY').toFixed()).toBe('500');
    expect(fromMinorUnits(1234, 'kwd').toFixed()).toBe('1.234');
    expect(fromMinorUnits(-150, 'usd').toFixed()).toBe('-1.5');
    expect(toMinorUnits('4.24', 'eur').toFixed()).toBe('424');
    expect(toMinorUnits('0.0035', 'eur').toFixed()).toBe('0.35');
    expect(toMinorUnits('500', 'jpy').toFixed()).toBe('500');
    expect(toMinorUnits('1.2345', 'kwd').toFixed()).toBe('1234.5');
  });

  it('never rounds through a float, even past 2^53', () => {
    expect(fromMinorUnits('123456789012345678901', 'usd').toFixed()).toBe('1234567890123456789.01');
    expect(toMinorUnits('1234567890123456789.01', 'usd').toFixed()).toBe('123456789012345678901');
  });

  it('refuses what is not a number', () => {
    expect(() => fromMinorUnits('lots', 'eur')).toThrow(RangeError);
    expect(() => toMinorUnits(Number.NaN, 'eur')).toThrow(RangeError);
  });
});
