import { Direction, Port, Selector } from '../../src';
import { checkProps } from '../../src/core/props';

describe('checkProps |', () => {
  test('passes props of the right types, and props it does not know', () => {
    expect(() => checkProps('shop/A', {
      selector: Selector.app('web'), ports: [Port.tcp(80)], namespace: 'shop', directions: [Direction.INGRESS], somethingElse: 1,
    })).not.toThrow();
    expect(() => checkProps('shop/A', undefined)).not.toThrow();
  });

  test.each([
    [{ selector: 'web' }, /^\[shop\/A\] `selector` must be a Selector, got a string\. Make one with Selector\.app/],
    [{ ports: Port.tcp(80) }, /^\[shop\/A\] `ports` must be a list of Port, got a Port\./],
    [{ ports: [80] }, /^\[shop\/A\] `ports` must be a list of Port, got a list\./],
    [{ namespace: 7 }, /^\[shop\/A\] `namespace` must be a string\.$/],
    [{ mirrorEgress: 'yes' }, /^\[shop\/A\] `mirrorEgress` must be true or false\.$/],
    [{ directions: ['ingress'] }, /^\[shop\/A\] `directions` must be a list of Direction\.INGRESS and Direction\.EGRESS\.$/],
    [{ source: null }, /^\[shop\/A\] `source` must be a Selector, got no value\./],
  ])('refuses %j with the path, the prop and how to make one', (props, message) => {
    expect(() => checkProps('shop/A', props)).toThrow(message);
  });

  test('refuses props that are not an object, and missing required props', () => {
    expect(() => checkProps('shop/A', 'web')).toThrow(/^\[shop\/A\] props must be an object/);
    expect(() => checkProps('shop/A', {}, {}, ['source'])).toThrow(/^\[shop\/A\] `source` is required\.$/);
    expect(() => checkProps('shop/A', undefined, {}, ['source'])).toThrow(/^\[shop\/A\] props must be an object/);
  });
});
