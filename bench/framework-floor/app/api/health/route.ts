import { health } from "../../../floor";

export const GET = health;
