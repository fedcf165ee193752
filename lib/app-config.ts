/** Product identity shown to people: page titles and the account label in authenticator apps. */
export const APP_NAME = 'Gatehouse'
