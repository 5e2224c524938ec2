/*
 * Object names of the patterns; the name helpers live in util, which the
 * ClusterNetworkPolicy constructs share.
 */
export { intentName, toDnsName } from '../../util/dns-name';
