// The rule form shows whom a rule applies to in one menu: each customer on their own, all customers
// together (aggregate), or one customer's id. Shared by the form (client) and its actions (server).
export const EACH_CUSTOMER = 'each';
export const ALL_CUSTOMERS = 'all';
