import { strict as assert } from 'node:assert';
import { loose, looseIndexAt, loosen } from '../../../../src/core';

describe('loose text', () => {
  it('folds what re-extraction changes', () => {
    assert.equal(loose('The  ﬁndings\twere\u00a0“clear”'), 'the findings were "clear"');
    assert.equal(loose('partici-\r\n  pation in co-design'), 'participation in codesign');
    assert.equal(loose('co‐design – done'), 'codesign done');
    assert.equal(loose('soft\u00adhyphen and zero\u200bwidth'), 'softhyphen and zerowidth');
    assert.equal(loose('  leading and trailing  '), 'leading and trailing');
  });

  it('maps every loose character back to where it came from', () => {
    const original = 'A  ﬁne\r\nday—to code';
    const l = loosen(original);
    assert.equal(l.text, 'a fine day to code');
    assert.equal(l.map.length, l.text.length);
    assert.equal(original[l.map[0]!], 'A');
    assert.equal(l.map[2], 3); // "f" of the ligature
    assert.equal(l.map[3], 3); // "i" of the ligature
    assert.equal(original.slice(l.map[l.text.indexOf('day')]!), 'day—to code');
    assert.equal(looseIndexAt(l, original.indexOf('day')), l.text.indexOf('day'));
  });

  it('keeps surrogate pairs whole', () => {
    const l = loosen('x 🩺 y');
    assert.equal(l.text, 'x 🩺 y');
    assert.equal(l.map[2], 2);
    assert.equal(l.map[3], 3);
  });
});
